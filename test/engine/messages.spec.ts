import { done } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

const settle = (t: TestEngine) => new Promise((resolve) => setTimeout(resolve, 200)).then(() => t.engine.idle());

describe('messages', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const completed = (processInstanceKey: string) => t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);
  const start = async (bpmnProcessId: string, orderId: string) => (await t.engine.createProcessInstance({ bpmnProcessId, variables: { orderId } })).processInstanceKey;
  const stateOf = async (processInstanceKey: string) => (await t.engine.getProcessInstance(processInstanceKey))?.state;
  const correlations = () => t.events.filter((e) => e.type === 'message.correlated');

  it('an intermediate catch event correlates by its correlation key expression', async () => {
    // given
    await t.deploy('message-catch.bpmn');
    const other = await start('message-catch', 'A-1');
    const target = await start('message-catch', 'A-2');

    // when
    await t.engine.publishMessage({ name: 'payment-received', correlationKey: 'A-2', variables: { amount: 120 } });
    await completed(target);

    // then
    expect((await t.engine.getProcessInstance(target))?.variables).toEqual({ orderId: 'A-2', amount: 120 });
    expect(await stateOf(other)).toBe('ACTIVE');
    expect(correlations().map((e) => [e.processInstanceKey, e.elementId])).toEqual([[target, 'Event_Payment']]);
  });

  it('a message published before the subscription opens is buffered for its time to live and correlates when it opens', async () => {
    // given
    await t.deploy('message-catch.bpmn');
    const { messageKey } = await t.engine.publishMessage({ name: 'payment-received', correlationKey: 'B-1', variables: { amount: 5 }, timeToLive: 60_000 });
    t.clock.advance(59_999);

    // when
    const processInstanceKey = await start('message-catch', 'B-1');
    await completed(processInstanceKey);

    // then
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ orderId: 'B-1', amount: 5 });
    expect(correlations()).toEqual([expect.objectContaining({ processInstanceKey, payload: expect.objectContaining({ messageKey }) })]);
  });

  it('a message with time to live 0 is not buffered for a later subscription', async () => {
    // given
    await t.deploy('message-catch.bpmn');
    await t.engine.publishMessage({ name: 'payment-received', correlationKey: 'C-1', timeToLive: 0 });

    // when
    const processInstanceKey = await start('message-catch', 'C-1');
    await settle(t);

    // then
    expect(await stateOf(processInstanceKey)).toBe('ACTIVE');
    expect(correlations()).toEqual([]);
  });

  it('a buffered message whose time to live has run out does not correlate', async () => {
    // given
    await t.deploy('message-catch.bpmn');
    await t.engine.publishMessage({ name: 'payment-received', correlationKey: 'D-1', timeToLive: 60_000 });
    t.clock.advance(60_000);

    // when
    const processInstanceKey = await start('message-catch', 'D-1');
    await settle(t);

    // then
    expect(await stateOf(processInstanceKey)).toBe('ACTIVE');
    expect(correlations()).toEqual([]);
  });

  it('rejects a second message with the same name, correlation key and id with ALREADY_EXISTS while the first is buffered', async () => {
    // given
    await t.deploy('message-catch.bpmn');
    const message = { name: 'payment-received', correlationKey: 'E-1', messageId: 'payment-77', timeToLive: 60_000 };
    await t.engine.publishMessage({ ...message, variables: { amount: 1 } });

    // when
    const second = t.engine.publishMessage({ ...message, variables: { amount: 2 } });

    // then
    await expect(second).rejects.toMatchObject({ name: 'EngineRejection', code: 'ALREADY_EXISTS' });
    const processInstanceKey = await start('message-catch', 'E-1');
    await completed(processInstanceKey);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ orderId: 'E-1', amount: 1 });
    expect(t.events.filter((e) => e.type === 'message.published')).toHaveLength(1);
  });

  it('an interrupting message boundary cancels the job and takes the boundary path', async () => {
    // given
    await t.deploy('message-boundary.bpmn');
    const processInstanceKey = await start('message-boundary', 'F-1');
    const job = await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);

    // when
    await t.engine.publishMessage({ name: 'withdrawn', correlationKey: 'F-1', variables: { reason: 'duplicate' } });
    await completed(processInstanceKey);

    // then
    const trail = t.events.filter((e) => e.processInstanceKey === processInstanceKey).map((e) => `${e.type} ${e.elementId}`);
    expect(trail).toEqual(expect.arrayContaining(['job.canceled Task_Review', 'element.terminated Task_Review', 'element.completed EndEvent_Withdrawn']));
    expect(trail).not.toContain('element.completed EndEvent_Done');
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ orderId: 'F-1', reason: 'duplicate' });
    await expect(t.engine.completeJob(job.payload.jobKey as string)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a non-interrupting message boundary takes its path for every message while the task keeps waiting', async () => {
    // given
    await t.deploy('message-boundary.bpmn');
    const processInstanceKey = await start('message-boundary', 'G-1');
    await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);

    // when
    await t.engine.publishMessage({ name: 'note-added', correlationKey: 'G-1', variables: { note: 'first' } });
    await t.engine.publishMessage({ name: 'note-added', correlationKey: 'G-1', variables: { note: 'second' } });
    const whileWaiting = await t.engine.getProcessInstance(processInstanceKey);
    t.engine.createWorker({ taskType: 'review', handler: () => done.complete({ reviewed: true }) });
    await completed(processInstanceKey);

    // then
    expect(t.events.filter((e) => e.type === 'element.completed' && e.elementId === 'EndEvent_Noted')).toHaveLength(2);
    expect(whileWaiting?.elementInstances.map((e) => e.elementId)).toEqual(['Task_Review']);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ orderId: 'G-1', note: 'second', reviewed: true });
  });

  it('a message correlates to at most one instance of a process, the one that subscribed first', async () => {
    // given
    await t.deploy('message-catch.bpmn');
    const first = await start('message-catch', 'H-1');
    const second = await start('message-catch', 'H-1');

    // when
    await t.engine.publishMessage({ name: 'payment-received', correlationKey: 'H-1', timeToLive: 60_000 });
    await completed(first);
    const third = await start('message-catch', 'H-1');
    await settle(t);

    // then
    expect(await stateOf(second)).toBe('ACTIVE');
    expect(await stateOf(third)).toBe('ACTIVE');
    expect(correlations().map((e) => e.processInstanceKey)).toEqual([first]);
  });
});
