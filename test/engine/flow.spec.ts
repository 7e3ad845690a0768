import { done } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

const settle = (t: TestEngine) => new Promise((resolve) => setTimeout(resolve, 200)).then(() => t.engine.idle());

describe('script task, receive task and gateways', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const completed = (processInstanceKey: string) => t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);
  const visited = (processInstanceKey: string, elementId: string) =>
    t.events.some((e) => e.type === 'element.completed' && e.processInstanceKey === processInstanceKey && e.elementId === elementId);

  it('a script task evaluates its FEEL expression into the result variable', async () => {
    // given
    await t.deploy('script-task.bpmn');

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'script-task', variables: { a: 2, b: 40 } });
    await completed(processInstanceKey);

    // then
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ a: 2, b: 40, sum: 42 });
    expect(t.events.filter((e) => e.type === 'job.created')).toEqual([]);
  });

  it('a receive task waits for its message and takes over the message variables', async () => {
    // given
    await t.deploy('receive-task.bpmn');
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'receive-task', variables: { orderId: 'order-7' } });
    await settle(t);
    const stateBefore = (await t.engine.getProcessInstance(processInstanceKey))?.state;

    // when
    await t.engine.publishMessage({ name: 'approval', correlationKey: 'order-7', variables: { approvedBy: 'chair' } });
    await completed(processInstanceKey);

    // then
    expect(stateBefore).toBe('ACTIVE');
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ orderId: 'order-7', approvedBy: 'chair' });
    expect(await t.waitFor('message.correlated')).toMatchObject({ processInstanceKey, elementId: 'Task_AwaitApproval', payload: { name: 'approval' } });
  });

  it.each([
    [5000, 'EndEvent_Huge'],
    [500, 'EndEvent_Large'],
    [50, 'EndEvent_Small'],
  ])('an exclusive gateway takes the first true condition in order, else the default flow (amount %d → %s)', async (amount, end) => {
    // given
    await t.deploy('exclusive-gateway.bpmn');

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'exclusive-gateway', variables: { amount } });
    await completed(processInstanceKey);

    // then
    const ends = t.events.filter((e) => e.type === 'element.completed' && e.elementId?.startsWith('EndEvent_')).map((e) => e.elementId);
    expect(ends).toEqual([end]);
  });

  it('an exclusive gateway without a matching condition or default raises CONDITION_ERROR; setting variables and resolving continues', async () => {
    // given
    await t.deploy('exclusive-no-default.bpmn');
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'exclusive-no-default', variables: { approved: null } });
    const raised = await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);
    const [incident] = await t.engine.listIncidents({ processInstanceKey });
    expect(incident).toMatchObject({ state: 'ACTIVE', errorType: 'CONDITION_ERROR', elementId: 'Gateway_Approved' });
    expect(incident?.errorMessage).toContain('Gateway_Approved');

    // when
    await t.engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { approved: true } });
    await t.engine.resolveIncident(raised.payload.incidentKey as string);
    await completed(processInstanceKey);

    // then
    expect(visited(processInstanceKey, 'EndEvent_Approved')).toBe(true);
    expect(visited(processInstanceKey, 'EndEvent_Rejected')).toBe(false);
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([expect.objectContaining({ state: 'RESOLVED' })]);
  });

  it('a parallel gateway forks both branches and the join waits for both', async () => {
    // given
    await t.deploy('parallel-gateway.bpmn');
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'parallel-gateway' });
    const jobA = await t.waitFor('job.created', (e) => e.elementId === 'Task_A');
    const jobB = await t.waitFor('job.created', (e) => e.elementId === 'Task_B');

    // when
    await t.engine.completeJob(jobA.payload.jobKey as string, { a: 1 });
    const afterOneBranch = await t.engine.getProcessInstance(processInstanceKey);
    const joinedEarly = t.events.some((e) => e.type === 'element.activated' && e.elementId === 'Gateway_Join');
    await t.engine.completeJob(jobB.payload.jobKey as string, { b: 2 });
    await completed(processInstanceKey);

    // then
    expect(afterOneBranch?.state).toBe('ACTIVE');
    expect(afterOneBranch?.elementInstances.map((e) => e.elementId)).toEqual(['Task_B']);
    expect(joinedEarly).toBe(false);
    expect(t.events.filter((e) => e.type === 'element.activated' && e.elementId === 'Gateway_Join')).toHaveLength(1);
    expect(t.events.filter((e) => e.type === 'element.completed' && e.elementId === 'EndEvent_Done')).toHaveLength(1);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ a: 1, b: 2 });
  });

  it('the join completes exactly once when both branch workers finish concurrently', async () => {
    // given
    await t.deploy('parallel-gateway.bpmn');
    t.engine.createWorker({ taskType: 'branch-a', handler: () => done.complete({ a: 'done' }) });
    t.engine.createWorker({ taskType: 'branch-b', handler: () => done.complete({ b: 'done' }) });

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'parallel-gateway' });
    await completed(processInstanceKey);

    // then
    expect(t.events.filter((e) => e.type === 'element.completed' && e.elementId === 'EndEvent_Done')).toHaveLength(1);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ a: 'done', b: 'done' });
  });
});
