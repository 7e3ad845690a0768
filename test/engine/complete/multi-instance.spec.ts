import { done, type Job, type JobOutcome } from '../../../engine/port';
import { startTestEngine, type TestEngine } from '../../support/engine-harness';
import { childrenOf, completed, deployFixtures, eventsOf, settle, start, trail } from './scenario';

describe('multi-instance', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  const variablesOf = async (processInstanceKey: string) => (await t.engine.getProcessInstance(processInstanceKey))?.variables;
  /** A worker that holds every job until the test releases it by the job's reviewer. */
  const heldReviews = (taskType: string) => {
    const held = new Map<string, { job: Job; release: (outcome: JobOutcome) => void }>();
    t.engine.createWorker({ taskType, handler: (job) => new Promise<JobOutcome>((release) => held.set(job.variables.reviewer as string, { job, release })) });
    return held;
  };
  const waitUntil = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it('a parallel multi-instance service task collects the outputs in input order even when the jobs complete in reverse', async () => {
    // given
    await deployFixtures(t, 'mi-parallel.bpmn');
    const held = heldReviews('review');
    const processInstanceKey = await start(t, 'mi-parallel', { reviewers: ['ana', 'ben', 'chloe'] });
    await waitUntil(() => held.size === 3);

    // when
    for (const reviewer of ['chloe', 'ben', 'ana']) {
      held.get(reviewer)!.release(done.complete({ verdict: `${reviewer}: approve` }));
      await t.waitFor('job.completed', (e) => e.payload.jobKey === held.get(reviewer)!.job.key);
    }
    await completed(t, processInstanceKey);

    // then
    expect([...held.values()].map(({ job }) => [job.variables.reviewer, job.variables.loopCounter])).toEqual([['ana', 1], ['ben', 2], ['chloe', 3]]);
    expect((await variablesOf(processInstanceKey))?.verdicts).toEqual(['ana: approve', 'ben: approve', 'chloe: approve']);
  });

  it('a sequential multi-instance runs one inner instance at a time (beside its body) with loopCounter 1..n', async () => {
    // given
    await deployFixtures(t, 'mi-sequential.bpmn');
    const seen: { reviewer: unknown; loopCounter: unknown; reviewInstances: number }[] = [];
    t.engine.createWorker({
      taskType: 'sign',
      handler: async (job) => {
        const reviewInstances = (await t.engine.getProcessInstance(job.processInstanceKey))!.elementInstances.filter((e) => e.elementId === 'Task_Review');
        seen.push({ reviewer: job.variables.reviewer, loopCounter: job.variables.loopCounter, reviewInstances: reviewInstances.length });
        return done.complete({ verdict: `signed by ${job.variables.reviewer}` });
      },
    });

    // when
    const processInstanceKey = await start(t, 'mi-sequential', { reviewers: ['ana', 'ben', 'chloe'] });
    await completed(t, processInstanceKey);

    // then
    expect(seen).toEqual([
      { reviewer: 'ana', loopCounter: 1, reviewInstances: 2 },
      { reviewer: 'ben', loopCounter: 2, reviewInstances: 2 },
      { reviewer: 'chloe', loopCounter: 3, reviewInstances: 2 },
    ]);
    expect((await variablesOf(processInstanceKey))?.verdicts).toEqual(['signed by ana', 'signed by ben', 'signed by chloe']);
  });

  it('a completion condition ends the multi-instance early and cancels the instances still running', async () => {
    // given
    await deployFixtures(t, 'mi-completion.bpmn');
    const held = heldReviews('review');
    const processInstanceKey = await start(t, 'mi-completion', { reviewers: ['ana', 'ben', 'chloe'] });
    await waitUntil(() => held.size === 3);

    // when
    held.get('ben')!.release(done.complete({ verdict: 'approve' }));
    await t.waitFor('job.completed', (e) => e.payload.jobKey === held.get('ben')!.job.key);
    held.get('ana')!.release(done.complete({ verdict: 'reject' }));
    await completed(t, processInstanceKey);

    // then
    expect(eventsOf(t, 'job.canceled').map((e) => e.payload.jobKey)).toEqual([held.get('chloe')!.job.key]);
    expect((await variablesOf(processInstanceKey))?.verdicts).toEqual(['reject', 'approve', null]);
    await expect(t.engine.completeJob(held.get('chloe')!.job.key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    held.get('chloe')!.release(done.complete());
  });

  it('a multi-instance sub-process gives each chapter its own scope', async () => {
    // given
    await deployFixtures(t, 'mi-subprocess.bpmn');
    t.engine.createWorker({ taskType: 'edit', handler: (job) => done.complete({ edit: `tightened ${job.variables.chapter}` }) });

    // when
    const processInstanceKey = await start(t, 'mi-subprocess', { chapters: ['intro', 'method'] });
    await completed(t, processInstanceKey);

    // then
    expect(await variablesOf(processInstanceKey)).toEqual({ chapters: ['intro', 'method'], edited: ['intro: tightened intro', 'method: tightened method'] });
    expect(eventsOf(t, 'element.completed', 'SubProcess_Chapter').map((e) => e.payload.elementType)).toEqual(['bpmn:SubProcess', 'bpmn:SubProcess', 'bpmn:MultiInstanceBody']);
  });

  it('a multi-instance call activity starts one child per region and collects their results', async () => {
    // given
    await deployFixtures(t, 'mi-call.bpmn', 'call-child.bpmn');
    t.engine.createWorker({ taskType: 'consult', handler: (job) => done.complete({ opinion: `${job.variables.region} agrees` }) });

    // when
    const processInstanceKey = await start(t, 'mi-call', { regions: ['north', 'south', 'east'] });
    await completed(t, processInstanceKey);

    // then
    expect(childrenOf(t, processInstanceKey)).toHaveLength(3);
    expect((await variablesOf(processInstanceKey))?.opinions).toEqual(['north agrees', 'south agrees', 'east agrees']);
  });

  it('an empty input collection completes at once with an empty output collection', async () => {
    // given
    await deployFixtures(t, 'mi-parallel.bpmn');

    // when
    const processInstanceKey = await start(t, 'mi-parallel', { reviewers: [] });
    await completed(t, processInstanceKey);

    // then
    expect(await variablesOf(processInstanceKey)).toEqual({ reviewers: [], verdicts: [] });
    expect(eventsOf(t, 'job.created')).toEqual([]);
  });

  it('an input collection that is not a list is an incident; fixing the variable and resolving runs the loop', async () => {
    // given
    await deployFixtures(t, 'mi-parallel.bpmn');
    const processInstanceKey = await start(t, 'mi-parallel', { reviewers: 'ana' });
    await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);
    const [incident] = await t.engine.listIncidents({ processInstanceKey });

    // when
    await t.engine.setVariables({ elementInstanceKey: processInstanceKey, variables: { reviewers: ['ana'] } });
    await t.engine.resolveIncident(incident!.key);
    await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'Task_Review' });
    expect(trail(t, processInstanceKey).filter((e) => e.startsWith('job.created'))).toEqual(['job.created Task_Review']);
  });
});
