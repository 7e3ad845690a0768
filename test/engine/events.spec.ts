import { done } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

describe('event log and durability', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
    await t.deploy('one-task.bpmn');
  });
  afterEach(() => t.close());

  it('readEvents(0) returns the live stream: the same events in the same order', async () => {
    // given
    t.engine.createWorker({ taskType: 'work', handler: () => done.complete({ ok: true }) });
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'one-task', variables: { n: 1 } });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);
    await t.engine.idle();

    // when
    const stored = await t.engine.readEvents(0);
    const ofInstance = await t.engine.readEvents(0, 1_000, processInstanceKey);
    const afterThird = await t.engine.readEvents(t.events[2]!.position);

    // then
    expect(stored).toEqual(t.events);
    expect(stored.map((e) => e.position)).toEqual([...stored.map((e) => e.position)].sort((a, b) => a - b));
    expect(ofInstance).toEqual(t.events.filter((e) => e.processInstanceKey === processInstanceKey));
    expect(afterThird).toEqual(t.events.slice(3));
  });

  it('after a restart a waiting job is delivered to a new worker and completed once', async () => {
    // given
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'one-task', variables: { n: 2 } });
    const created = await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);
    await t.engine.idle();

    // when
    await t.restart();
    const deliveredKeys: string[] = [];
    t.engine.createWorker({ taskType: 'work', handler: (job) => (deliveredKeys.push(job.key), done.complete({ n: (job.variables.n as number) + 1 })) });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect(deliveredKeys).toEqual([created.payload.jobKey]);
    expect(t.events.filter((e) => e.type === 'job.completed')).toHaveLength(1);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ n: 3 });
    expect(await t.engine.readEvents(0)).toEqual(t.events);
  });
});
