import { done } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

describe('service task', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  it('creates a job of its type and completes with the job variables merged', async () => {
    // given
    await t.deploy('one-task.bpmn');
    t.engine.createWorker({ taskType: 'work', handler: (job) => done.complete({ result: (job.variables.input as number) * 2 }) });

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'one-task', variables: { input: 21 } });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    const instance = await t.engine.getProcessInstance(processInstanceKey);
    expect(instance?.state).toBe('COMPLETED');
    expect(instance?.variables).toEqual({ input: 21, result: 42 });
    expect(t.events.filter((e) => e.processInstanceKey === processInstanceKey).map((e) => e.type)).toEqual([
      'processInstance.created',
      'element.activated',
      'element.activated',
      'element.completed',
      'element.activated',
      'job.created',
      'job.completed',
      'element.completed',
      'element.activated',
      'element.completed',
      'element.completed',
      'processInstance.completed',
    ]);
  });
});
