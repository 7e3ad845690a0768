import { jobs } from '../../../store/schema';
import { done, type Job } from '../../../engine/port';
import { startTestEngine, type TestEngine } from '../../support/engine-harness';
import { childrenOf, completed, deployFixtures, jobKeyOf, start } from './scenario';

describe('administration', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const elementKey = async (processInstanceKey: string, elementId: string) =>
    (await t.engine.getProcessInstance(processInstanceKey))!.elementInstances.find((e) => e.elementId === elementId)!.key;

  it('setVariables on a sub-process scope: local stays in the sub-process, propagated updates where the variable lives or the process', async () => {
    // given
    await deployFixtures(t, 'subprocess-scope.bpmn');
    const processInstanceKey = await start(t, 'subprocess-scope', { draft: 'v1' });
    await jobKeyOf(t, 'Task_Edit', processInstanceKey);
    const subProcessKey = await elementKey(processInstanceKey, 'SubProcess_Draft');

    // when
    await t.engine.setVariables({ elementInstanceKey: subProcessKey, variables: { note: 'urgent' }, local: true });
    await t.engine.setVariables({ elementInstanceKey: subProcessKey, variables: { text: 'v1, corrected', priority: 'high' } });
    const seen: Job[] = [];
    t.engine.createWorker({ taskType: 'edit', handler: (job) => (seen.push(job), done.complete()) });
    await completed(t, processInstanceKey);

    // then
    expect(seen.map((job) => job.variables)).toEqual([{ draft: 'v1', priority: 'high', text: 'v1, corrected', note: 'urgent' }]);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ draft: 'v1', priority: 'high', finalText: 'v1, corrected' });
  });

  it('a job out of retries is an incident; new retries and resolving hand the job out again', async () => {
    // given
    await deployFixtures(t, 'subprocess-scope.bpmn');
    const processInstanceKey = await start(t, 'subprocess-scope', { draft: 'v1' });
    const jobKey = await jobKeyOf(t, 'Task_Edit', processInstanceKey);
    await t.engine.failJob(jobKey, 'editor service down', 0);
    const [incident] = await t.engine.listIncidents({ processInstanceKey, state: 'ACTIVE' });

    // when
    await t.engine.updateJobRetries(jobKey, 1);
    await t.engine.resolveIncident(incident!.key);
    const handedOut: string[] = [];
    t.engine.createWorker({ taskType: 'edit', handler: (job) => (handedOut.push(job.key), done.complete()) });
    await completed(t, processInstanceKey);

    // then
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', elementId: 'Task_Edit', jobKey, errorMessage: 'editor service down' });
    expect(handedOut).toEqual([jobKey]);
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([expect.objectContaining({ key: incident!.key, state: 'RESOLVED' })]);
  });

  it('cancelling an instance with a sub-process, a call activity and a multi-instance active terminates everything and leaves no job', async () => {
    // given
    await deployFixtures(t, 'admin-cancel.bpmn', 'call-child.bpmn');
    const processInstanceKey = await start(t, 'admin-cancel', { reviewers: ['ana', 'ben'] });
    await t.waitFor('job.created', () => t.events.filter((e) => e.type === 'job.created').length === 4);
    const [childKey] = childrenOf(t, processInstanceKey);
    const jobsBefore = await t.database.db.select().from(jobs);

    // when
    await t.engine.cancelProcessInstance(processInstanceKey);

    // then
    expect(jobsBefore).toHaveLength(4);
    expect(await t.database.db.select().from(jobs)).toEqual([]);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.state).toBe('TERMINATED');
    expect((await t.engine.getProcessInstance(childKey!))?.state).toBe('TERMINATED');
    expect((await t.engine.getProcessInstance(processInstanceKey))?.elementInstances).toEqual([]);
    const terminated = t.events.filter((e) => e.type === 'element.terminated' && e.processInstanceKey === processInstanceKey).map((e) => e.elementId);
    expect(terminated).toEqual(expect.arrayContaining(['Task_Draft', 'SubProcess_Draft', 'Call_Consult', 'Task_Review', 'admin-cancel']));
    expect(t.events.filter((e) => e.type === 'job.canceled').map((e) => e.elementId).sort()).toEqual(['Task_Consult', 'Task_Draft', 'Task_Review', 'Task_Review']);
  });
});
