import { done } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

describe('compensation', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
    await t.deploy('compensation.bpmn');
    t.engine.createWorker({ taskType: 'publish', handler: () => done.complete({ published: true }) });
    t.engine.createWorker({ taskType: 'review', handler: (job) => done.complete({ lawful: job.variables.expectLawful }) });
    t.engine.createWorker({ taskType: 'withdraw', handler: () => done.complete({ withdrawn: true }) });
  });
  afterEach(() => t.close());

  it('runs the handler of the completed activity once and continues after it completed', async () => {
    // given a notice found unlawful after publication
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'compensation', variables: { expectLawful: false } });

    // when the compensation throw event is reached
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then the withdrawal ran once, before the instance left the throw event
    const mine = t.events.filter((e) => e.processInstanceKey === processInstanceKey);
    expect(mine.filter((e) => e.type === 'job.created').map((e) => e.payload.type)).toEqual(['publish', 'review', 'withdraw']);
    const withdrawn = mine.findIndex((e) => e.type === 'element.completed' && e.elementId === 'Task_Withdraw');
    const thrown = mine.findIndex((e) => e.type === 'element.completed' && e.elementId === 'Throw_Compensate');
    expect(withdrawn).toBeGreaterThan(0);
    expect(thrown).toBeGreaterThan(withdrawn);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toMatchObject({ published: true, withdrawn: true });
  });

  it('never runs the handler when nothing throws compensation', async () => {
    // given
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'compensation', variables: { expectLawful: true } });

    // when
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    const types = t.events.filter((e) => e.processInstanceKey === processInstanceKey && e.type === 'job.created').map((e) => e.payload.type);
    expect(types).toEqual(['publish', 'review']);
  });
});
