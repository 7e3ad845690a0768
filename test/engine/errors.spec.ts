import { done } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

describe('BPMN errors', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const completed = (processInstanceKey: string) => t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);
  const trail = (processInstanceKey: string) => t.events.filter((e) => e.processInstanceKey === processInstanceKey).map((e) => `${e.type} ${e.elementId}`);

  it('an error boundary with the thrown code catches the error, and the error variables are available afterwards', async () => {
    // given
    await t.deploy('error-boundary.bpmn');
    t.engine.createWorker({ taskType: 'check', handler: () => done.error('REJECTED', 'applicant is not eligible', { reason: 'outside the district' }) });

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'error-boundary', variables: { applicant: 'Li' } });
    await completed(processInstanceKey);

    // then
    expect(await t.waitFor('job.errorThrown')).toMatchObject({ elementId: 'Task_Check', payload: { errorCode: 'REJECTED', errorMessage: 'applicant is not eligible' } });
    expect(trail(processInstanceKey)).toEqual(expect.arrayContaining(['element.terminated Task_Check', 'element.completed Event_Rejected', 'element.completed EndEvent_Rejected']));
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ applicant: 'Li', reason: 'outside the district' });
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([]);
  });

  it('prefers the boundary with the specific error code over the catch-all boundary', async () => {
    // given
    await t.deploy('error-boundary.bpmn');
    t.engine.createWorker({ taskType: 'check', handler: () => done.error('REJECTED') });

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'error-boundary' });
    await completed(processInstanceKey);

    // then
    expect(trail(processInstanceKey)).toContain('element.activated Event_Rejected');
    expect(trail(processInstanceKey)).not.toContain('element.activated Event_AnyError');
  });

  it('a catch-all error boundary (no error reference) catches any other code', async () => {
    // given
    await t.deploy('error-boundary.bpmn');
    t.engine.createWorker({ taskType: 'check', handler: () => done.error('REGISTRY_DOWN') });

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'error-boundary' });
    await completed(processInstanceKey);

    // then
    expect(trail(processInstanceKey)).toEqual(expect.arrayContaining(['element.completed Event_AnyError', 'element.completed EndEvent_Failed']));
    expect(trail(processInstanceKey)).not.toContain('element.activated Event_Rejected');
  });

  it('an error no boundary catches raises an UNHANDLED_ERROR_EVENT incident on the task', async () => {
    // given
    await t.deploy('error-specific.bpmn');
    t.engine.createWorker({ taskType: 'check', handler: () => done.error('OTHER', 'something else') });

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'error-specific' });
    await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);

    // then
    const job = await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);
    const [incident, ...others] = await t.engine.listIncidents({ processInstanceKey });
    expect(others).toEqual([]);
    expect(incident).toMatchObject({ state: 'ACTIVE', errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'Task_Check', jobKey: job.payload.jobKey });
    expect(incident?.errorMessage).toContain("'OTHER'");
    const instance = await t.engine.getProcessInstance(processInstanceKey);
    expect(instance?.state).toBe('ACTIVE');
    expect(instance?.elementInstances.map((e) => e.elementId)).toEqual(['Task_Check']);
    expect(trail(processInstanceKey)).not.toContain('element.activated Event_Rejected');
  });

  it('an error end event that nothing catches raises an UNHANDLED_ERROR_EVENT incident on the end event', async () => {
    // given
    await t.deploy('error-end.bpmn');

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'error-end' });
    await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);

    // then
    const [incident] = await t.engine.listIncidents({ processInstanceKey });
    expect(incident).toMatchObject({ state: 'ACTIVE', errorType: 'UNHANDLED_ERROR_EVENT', elementId: 'EndEvent_Fatal' });
    expect(incident?.errorMessage).toContain("'FATAL'");
    expect(incident?.jobKey).toBeUndefined();
    expect((await t.engine.getProcessInstance(processInstanceKey))?.state).toBe('ACTIVE');
  });

  it('cancelling an instance resolves its open incident', async () => {
    // given
    await t.deploy('error-end.bpmn');
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'error-end' });
    await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);

    // when
    await t.engine.cancelProcessInstance(processInstanceKey);

    // then
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([expect.objectContaining({ state: 'RESOLVED', errorType: 'UNHANDLED_ERROR_EVENT' })]);
    expect(await t.engine.listIncidents({ processInstanceKey, state: 'ACTIVE' })).toEqual([]);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.state).toBe('TERMINATED');
  });
});
