import { startTestEngine, type TestEngine } from '../../support/engine-harness';
import { activeElements, completed, deployFixtures, jobKeyOf, settle, start, trail } from './scenario';

describe('signals', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  it('a broadcast signal completes every waiting intermediate signal catch event, with its variables', async () => {
    // given
    await deployFixtures(t, 'signal-catch.bpmn');
    const first = await start(t, 'signal-catch');
    const second = await start(t, 'signal-catch');
    await t.engine.idle();

    // when
    await t.engine.broadcastSignal({ signalName: 'go-ahead', variables: { approvedBy: 'board' } });
    await completed(t, first);
    await completed(t, second);

    // then
    expect((await t.engine.getProcessInstance(first))?.variables).toEqual({ approvedBy: 'board' });
    expect(trail(t, second)).toContain('element.completed Event_Go');
  });

  it('a signal with another name does not complete the catch event', async () => {
    // given
    await deployFixtures(t, 'signal-catch.bpmn');
    const processInstanceKey = await start(t, 'signal-catch');

    // when
    await t.engine.broadcastSignal({ signalName: 'stop-work' });
    await settle(t);

    // then
    expect(await activeElements(t, processInstanceKey)).toEqual(['Event_Go']);
  });

  it('a signal boundary event interrupts the task it is attached to', async () => {
    // given
    await deployFixtures(t, 'signal-boundary.bpmn');
    const processInstanceKey = await start(t, 'signal-boundary');
    const workJob = await jobKeyOf(t, 'Task_Work', processInstanceKey);

    // when
    await t.engine.broadcastSignal({ signalName: 'stop-work' });
    await completed(t, processInstanceKey);

    // then
    expect(trail(t, processInstanceKey)).toEqual(expect.arrayContaining(['job.canceled Task_Work', 'element.completed EndEvent_Stopped']));
    await expect(t.engine.completeJob(workJob)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a signal start event starts a new instance per broadcast, with the signal variables', async () => {
    // given
    await deployFixtures(t, 'signal-start.bpmn');

    // when
    await t.engine.broadcastSignal({ signalName: 'campaign-opened', variables: { campaign: 'spring' } });
    await t.engine.broadcastSignal({ signalName: 'campaign-opened', variables: { campaign: 'autumn' } });

    // then
    const created = t.events.filter((e) => e.type === 'processInstance.created' && e.bpmnProcessId === 'signal-start');
    expect(created).toHaveLength(2);
    const variables = await Promise.all(created.map(async (e) => (await t.engine.getProcessInstance(e.processInstanceKey!))?.variables));
    expect(variables).toEqual([{ campaign: 'spring' }, { campaign: 'autumn' }]);
    expect(await jobKeyOf(t, 'Task_Register', created[1]!.processInstanceKey)).toBeDefined();
  });

  it('a non-interrupting signal event sub-process runs beside the work', async () => {
    // given
    await deployFixtures(t, 'signal-esp.bpmn');
    const processInstanceKey = await start(t, 'signal-esp');
    await jobKeyOf(t, 'Task_Work', processInstanceKey);

    // when
    await t.engine.broadcastSignal({ signalName: 'reminder' });
    await jobKeyOf(t, 'Task_Remind', processInstanceKey);

    // then
    expect(await activeElements(t, processInstanceKey)).toEqual(['Esp_Reminder', 'Task_Remind', 'Task_Work']);
  });

  it('a signal end event in one process completes the signal catch event waiting in another', async () => {
    // given
    await deployFixtures(t, 'signal-catch.bpmn', 'signal-end.bpmn');
    const waiting = await start(t, 'signal-catch');
    await t.engine.idle();

    // when
    const giver = await start(t, 'signal-end');
    await completed(t, waiting);

    // then
    expect((await t.engine.getProcessInstance(giver))?.state).toBe('COMPLETED');
    expect(trail(t, waiting)).toContain('element.completed Event_Go');
  });
});
