import { done, type Variables } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

describe('variables and mappings', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
    await t.deploy('io-mapping.bpmn');
  });
  afterEach(() => t.close());

  const customer = { id: 7, name: 'Ada' };
  const completed = (processInstanceKey: string) => t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);
  const variablesOf = async (processInstanceKey: string) => (await t.engine.getProcessInstance(processInstanceKey))?.variables;

  /** Runs io-mapping with the given worker results and returns what each worker saw and the final variables. */
  async function run(inputsResult: Variables, outputsResult: Variables, variables: Variables = { customer }) {
    const seen: Record<string, Variables> = {};
    t.engine.createWorker({ taskType: 'with-inputs', handler: (job) => ((seen.inputs = job.variables), done.complete(inputsResult)) });
    t.engine.createWorker({ taskType: 'with-outputs', handler: (job) => ((seen.outputs = job.variables), done.complete(outputsResult)) });
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'io-mapping', variables });
    await completed(processInstanceKey);
    return { seen, final: await variablesOf(processInstanceKey) };
  }

  it('input mappings create local variables the job sees, including a nested target, that are gone from the process afterwards', async () => {
    // when
    const { seen, final } = await run({}, {});

    // then
    expect(seen.inputs).toEqual({ customer, customerName: 'Ada', counter: 0, meta: { customerId: 7 } });
    expect(final).not.toHaveProperty('customerName');
    expect(final).not.toHaveProperty('meta');
    expect(final).not.toHaveProperty('counter');
  });

  it('without output mappings job variables propagate to the process, except one named like an input-mapped local, which updates the local only', async () => {
    // when
    const { final } = await run({ counter: 5, answer: 42 }, {});

    // then
    expect(final).toMatchObject({ customer, answer: 42 });
    expect(final).not.toHaveProperty('counter');
  });

  it('with output mappings only the mapped values reach the process; a nested target merges into the existing object', async () => {
    // when
    const { seen, final } = await run({ answer: 42 }, { answer: 99, scratch: true }, { customer, report: { title: 'Quarterly' } });

    // then
    expect(seen.outputs).toMatchObject({ answer: 42, report: { title: 'Quarterly' } });
    expect(final).toEqual({ customer, report: { title: 'Quarterly', answer: 99 }, answer: 42, doubled: 198 });
  });

  it('setVariables local stays on the element scope; without local it updates the nearest scope that has the variable, else the process', async () => {
    // given
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'io-mapping', variables: { customer } });
    const job = await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey && e.elementId === 'Task_Inputs');
    const elementInstanceKey = job.elementInstanceKey!;

    // when
    await t.engine.setVariables({ elementInstanceKey, variables: { draftNote: 'only here' }, local: true });
    await t.engine.setVariables({ elementInstanceKey, variables: { customerName: 'Grace', shared: 'everywhere' } });
    const processWhileWaiting = await variablesOf(processInstanceKey);
    const seen: Variables[] = [];
    t.engine.createWorker({ taskType: 'with-inputs', handler: (j) => (seen.push(j.variables), done.complete()) });
    await t.waitFor('element.completed', (e) => e.processInstanceKey === processInstanceKey && e.elementId === 'Task_Inputs');

    // then
    expect(processWhileWaiting).toEqual({ customer, shared: 'everywhere' });
    expect(seen).toEqual([{ customer, shared: 'everywhere', customerName: 'Grace', counter: 0, meta: { customerId: 7 }, draftNote: 'only here' }]);
    expect(await variablesOf(processInstanceKey)).toEqual({ customer, shared: 'everywhere' });
    expect(t.events.filter((e) => e.type === 'variables.updated').map((e) => e.payload)).toEqual([
      expect.objectContaining({ names: ['draftNote'], local: true }),
      expect.objectContaining({ names: ['customerName', 'shared'], local: false }),
    ]);
  });

  it('setVariables on the process instance key sets process variables', async () => {
    // given
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'io-mapping', variables: { customer } });
    await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);

    // when
    await t.engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { priority: 'high' }, local: true });

    // then
    expect(await variablesOf(processInstanceKey)).toEqual({ customer, priority: 'high' });
    await expect(t.engine.setVariables({ elementInstanceKey: '123456789', variables: { x: 1 } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an input mapping whose FEEL evaluation fails raises IO_MAPPING_ERROR; setting the variable and resolving continues', async () => {
    // given: FEEL's assert(customer, customer != null) fails while customer is null, as in Zeebe 8.5
    await t.deploy('io-mapping-error.bpmn');
    t.engine.createWorker({ taskType: 'needs-customer', handler: (job) => done.complete({ handled: job.variables.checkedCustomer }) });
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'io-mapping-error' });
    const raised = await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);
    const [incident] = await t.engine.listIncidents({ processInstanceKey });
    expect(incident).toMatchObject({ state: 'ACTIVE', errorType: 'IO_MAPPING_ERROR', elementId: 'Task_Work' });
    expect(t.events.filter((e) => e.type === 'job.created')).toEqual([]);

    // when
    await t.engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { customer: 'Ada' } });
    await t.engine.resolveIncident(raised.payload.incidentKey as string);
    await completed(processInstanceKey);

    // then
    expect(await variablesOf(processInstanceKey)).toEqual({ customer: 'Ada', handled: 'Ada' });
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([expect.objectContaining({ state: 'RESOLVED', errorType: 'IO_MAPPING_ERROR' })]);
  });
});
