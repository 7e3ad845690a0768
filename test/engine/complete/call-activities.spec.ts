import { done, type Job } from '../../../engine/port';
import { startTestEngine, type TestEngine } from '../../support/engine-harness';
import { activeElements, childrenOf, completed, deployFixtures, jobKeyOf, start, trail } from './scenario';

describe('call activities', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const stateOf = async (processInstanceKey: string) => (await t.engine.getProcessInstance(processInstanceKey))?.state;
  const onlyChild = async (parentKey: string) => {
    await t.waitFor('processInstance.created', (e) => e.payload.parentProcessInstanceKey === parentKey);
    const [child, ...others] = childrenOf(t, parentKey);
    expect(others).toEqual([]);
    return child!;
  };

  it('calls the process given by a static id, hands it all variables and gets all of its variables back', async () => {
    // given
    await deployFixtures(t, 'call-parent.bpmn', 'call-child.bpmn');
    const seen: Job[] = [];
    t.engine.createWorker({ taskType: 'consult', handler: (job) => (seen.push(job), done.complete({ opinion: 'in favour' })) });

    // when
    const parentKey = await start(t, 'call-parent', { region: 'north' });
    await completed(t, parentKey);

    // then
    const childKey = childrenOf(t, parentKey)[0]!;
    expect(seen.map((job) => [job.bpmnProcessId, job.processInstanceKey, job.variables])).toEqual([['call-child', childKey, { region: 'north' }]]);
    expect(await stateOf(childKey)).toBe('COMPLETED');
    expect((await t.engine.getProcessInstance(parentKey))?.variables).toEqual({ region: 'north', opinion: 'in favour' });
  });

  it('calls the process named by a FEEL expression', async () => {
    // given
    await deployFixtures(t, 'call-feel.bpmn', 'call-child.bpmn');

    // when
    const parentKey = await start(t, 'call-feel', { childProcessId: 'call-child' });
    const childKey = await onlyChild(parentKey);

    // then
    expect((await t.engine.getProcessInstance(childKey))?.bpmnProcessId).toBe('call-child');
    expect(await activeElements(t, childKey)).toEqual(['Task_Consult']);
  });

  it('without propagation the child sees only the input mappings and the parent gets only the output mappings', async () => {
    // given
    await deployFixtures(t, 'call-mapped.bpmn', 'call-child.bpmn');
    const seen: Job[] = [];
    t.engine.createWorker({ taskType: 'consult', handler: (job) => (seen.push(job), done.complete({ opinion: 'against', internalNote: 'draft 3' })) });

    // when
    const parentKey = await start(t, 'call-mapped', { applicant: { name: 'Li', income: 1200 }, secret: 'parent only' });
    await completed(t, parentKey);

    // then
    expect(seen.map((job) => job.variables)).toEqual([{ name: 'Li' }]);
    expect((await t.engine.getProcessInstance(parentKey))?.variables).toEqual({
      applicant: { name: 'Li', income: 1200 },
      secret: 'parent only',
      consultationOpinion: 'against',
    });
  });

  it('cancelling the parent terminates the child and removes its job', async () => {
    // given
    await deployFixtures(t, 'call-parent.bpmn', 'call-child.bpmn');
    const parentKey = await start(t, 'call-parent');
    const childKey = await onlyChild(parentKey);
    const childJob = await jobKeyOf(t, 'Task_Consult', childKey);

    // when
    await t.engine.cancelProcessInstance(parentKey);

    // then
    expect(await stateOf(parentKey)).toBe('TERMINATED');
    expect(await stateOf(childKey)).toBe('TERMINATED');
    expect(trail(t, childKey)).toEqual(expect.arrayContaining(['job.canceled Task_Consult', 'processInstance.terminated call-child']));
    await expect(t.engine.completeJob(childJob)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a child instance cannot be cancelled on its own', async () => {
    // given
    await deployFixtures(t, 'call-parent.bpmn', 'call-child.bpmn');
    const parentKey = await start(t, 'call-parent');
    const childKey = await onlyChild(parentKey);

    // when
    const cancelling = t.engine.cancelProcessInstance(childKey);

    // then
    await expect(cancelling).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await stateOf(childKey)).toBe('ACTIVE');
    expect(await stateOf(parentKey)).toBe('ACTIVE');
  });

  it('an error thrown by a job in the child is caught by the error boundary on the call activity', async () => {
    // given
    await deployFixtures(t, 'call-error-boundary.bpmn', 'call-child.bpmn');
    t.engine.createWorker({ taskType: 'consult', handler: () => done.error('REFUSED', 'the region refuses') });

    // when
    const parentKey = await start(t, 'call-error-boundary', { child: 'call-child' });
    await completed(t, parentKey);

    // then
    const childKey = childrenOf(t, parentKey)[0]!;
    expect(trail(t, parentKey)).toEqual(expect.arrayContaining(['element.terminated Call_Consult', 'element.completed EndEvent_Refused']));
    expect(trail(t, parentKey)).not.toContain('element.activated EndEvent_Done');
    expect(await stateOf(childKey)).toBe('TERMINATED');
    expect(await t.engine.listIncidents()).toEqual([]);
  });

  it('an error end event in the child is caught by the error boundary on the call activity', async () => {
    // given
    await deployFixtures(t, 'call-error-boundary.bpmn', 'call-child-error-end.bpmn');

    // when
    const parentKey = await start(t, 'call-error-boundary', { child: 'call-child-error-end' });
    await completed(t, parentKey);

    // then
    expect(trail(t, parentKey)).toEqual(expect.arrayContaining(['element.terminated Call_Consult', 'element.completed EndEvent_Refused']));
    expect(await stateOf(childrenOf(t, parentKey)[0]!)).toBe('TERMINATED');
    expect(await t.engine.listIncidents()).toEqual([]);
  });

  it('an error caught neither in the child nor on the call activity is an incident on the throwing task in the child', async () => {
    // given
    await deployFixtures(t, 'call-parent.bpmn', 'call-child.bpmn');
    t.engine.createWorker({ taskType: 'consult', handler: () => done.error('UNKNOWN_REGION') });

    // when
    const parentKey = await start(t, 'call-parent');
    const incident = await t.waitFor('incident.created');

    // then
    const childKey = childrenOf(t, parentKey)[0]!;
    expect(incident).toMatchObject({ processInstanceKey: childKey, elementId: 'Task_Consult', payload: expect.objectContaining({ errorType: 'UNHANDLED_ERROR_EVENT' }) });
    expect(await t.engine.listIncidents({ processInstanceKey: parentKey })).toEqual([]);
    expect(await stateOf(childKey)).toBe('ACTIVE');
    expect(await activeElements(t, parentKey)).toEqual(['Call_Consult']);
  });

  it('a called process that is not deployed is a CALLED_ELEMENT_ERROR incident; deploying it and resolving continues', async () => {
    // given
    await deployFixtures(t, 'call-parent.bpmn');
    const parentKey = await start(t, 'call-parent');
    await t.waitFor('incident.created', (e) => e.processInstanceKey === parentKey);
    const [incident] = await t.engine.listIncidents({ processInstanceKey: parentKey });

    // when
    await deployFixtures(t, 'call-child.bpmn');
    await t.engine.resolveIncident(incident!.key);
    const childKey = await onlyChild(parentKey);
    await t.engine.completeJob(await jobKeyOf(t, 'Task_Consult', childKey));
    await completed(t, parentKey);

    // then
    expect(incident).toMatchObject({ errorType: 'CALLED_ELEMENT_ERROR', elementId: 'Call_Consult', state: 'ACTIVE' });
    expect(incident!.errorMessage).toContain("'call-child'");
    expect(await t.engine.listIncidents({ processInstanceKey: parentKey })).toEqual([expect.objectContaining({ key: incident!.key, state: 'RESOLVED' })]);
  });
});
