import { EngineRejection } from '../../engine/port';
import { startTestEngine, T0, type TestEngine } from '../support/engine-harness';

describe('start and end events', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const trail = (processInstanceKey: string) =>
    t.events.filter((e) => e.processInstanceKey === processInstanceKey && e.type.startsWith('element.')).map((e) => `${e.type} ${e.elementId}`);

  it('runs from a none start event to a none end event and completes', async () => {
    // given
    await t.deploy('start-end.bpmn');

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'start-end', variables: { topic: 'housing' } });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    const instance = await t.engine.getProcessInstance(processInstanceKey);
    expect(instance).toMatchObject({ state: 'COMPLETED', variables: { topic: 'housing' }, elementInstances: [], endedAt: T0 });
    expect(trail(processInstanceKey)).toEqual([
      'element.activated start-end',
      'element.activated StartEvent_1',
      'element.completed StartEvent_1',
      'element.activated EndEvent_Done',
      'element.completed EndEvent_Done',
      'element.completed start-end',
    ]);
  });

  it('a terminate end event terminates the parallel branch, cancels its job and completes the instance', async () => {
    // given
    await t.deploy('terminate-end.bpmn');

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'terminate-end' });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    const instance = await t.engine.getProcessInstance(processInstanceKey);
    expect(instance?.state).toBe('COMPLETED');
    expect(instance?.elementInstances).toEqual([]);
    const created = await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);
    const canceled = t.events.filter((e) => e.type === 'job.canceled' && e.processInstanceKey === processInstanceKey);
    expect(canceled.map((e) => e.payload.jobKey)).toEqual([created.payload.jobKey]);
    expect(trail(processInstanceKey)).toEqual(expect.arrayContaining(['element.terminated Task_Slow', 'element.completed EndEvent_Terminate']));
    expect(trail(processInstanceKey)).not.toContain('element.activated EndEvent_Slow');
    await expect(t.engine.completeJob(created.payload.jobKey as string)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.engine.completeJob(created.payload.jobKey as string)).rejects.toBeInstanceOf(EngineRejection);
  });

  it('passes straight through a manual task and an undefined task', async () => {
    // given
    await t.deploy('pass-through.bpmn');

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'pass-through' });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect((await t.engine.getProcessInstance(processInstanceKey))?.state).toBe('COMPLETED');
    expect(trail(processInstanceKey)).toEqual([
      'element.activated pass-through',
      'element.activated StartEvent_1',
      'element.completed StartEvent_1',
      'element.activated Task_Manual',
      'element.completed Task_Manual',
      'element.activated Task_Undefined',
      'element.completed Task_Undefined',
      'element.activated EndEvent_Done',
      'element.completed EndEvent_Done',
      'element.completed pass-through',
    ]);
    expect(t.events.filter((e) => e.type === 'job.created')).toEqual([]);
  });
});
