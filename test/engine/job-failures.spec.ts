import { done, type Job } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

const settle = (t: TestEngine) => new Promise((resolve) => setTimeout(resolve, 200)).then(() => t.engine.idle());

describe('job failures, retries and timeouts', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
    await t.deploy('one-task.bpmn');
  });
  afterEach(() => t.close());

  const start = async () => (await t.engine.createProcessInstance({ bpmnProcessId: 'one-task' })).processInstanceKey;
  const completed = (processInstanceKey: string) => t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

  it('a failed job with retries left is delivered again once its retry back-off has passed', async () => {
    // given
    const deliveries: Job[] = [];
    t.engine.createWorker({
      taskType: 'work',
      handler: (job) => (deliveries.push(job), deliveries.length === 1 ? done.fail('service unavailable', { retries: 2, retryBackOff: 60_000 }) : done.complete({ ok: true })),
    });
    const processInstanceKey = await start();
    await t.waitFor('job.failed');
    await settle(t);
    const deliveriesDuringBackOff = deliveries.length;

    // when
    t.clock.advance(60_000);
    await completed(processInstanceKey);

    // then
    expect(deliveriesDuringBackOff).toBe(1);
    expect(deliveries.map((job) => job.retries)).toEqual([3, 2]);
    expect(deliveries[1]!.key).toBe(deliveries[0]!.key);
    const failed = t.events.find((e) => e.type === 'job.failed');
    expect(failed?.payload).toMatchObject({ retries: 2, errorMessage: 'service unavailable' });
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ ok: true });
  });

  it('a job failed with no retries left raises a JOB_NO_RETRIES incident', async () => {
    // given
    t.engine.createWorker({ taskType: 'work', handler: () => done.fail('the archive rejected the file', { retries: 0 }) });

    // when
    const processInstanceKey = await start();
    const raised = await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);

    // then
    const [incident, ...others] = await t.engine.listIncidents({ processInstanceKey });
    expect(others).toEqual([]);
    expect(incident).toMatchObject({
      key: raised.payload.incidentKey,
      state: 'ACTIVE',
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'the archive rejected the file',
      elementId: 'Task_Work',
      jobKey: (await t.waitFor('job.created')).payload.jobKey,
    });
    const instance = await t.engine.getProcessInstance(processInstanceKey);
    expect(instance?.state).toBe('ACTIVE');
    expect(instance?.elementInstances).toEqual([expect.objectContaining({ elementId: 'Task_Work', incidentKey: incident!.key })]);
  });

  it('updating the retries and resolving the incident delivers the job again and the instance completes', async () => {
    // given
    let calls = 0;
    t.engine.createWorker({ taskType: 'work', handler: () => (++calls === 1 ? done.fail('broken', { retries: 0 }) : done.complete({ fixed: true })) });
    const processInstanceKey = await start();
    const raised = await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);
    const jobKey = (await t.waitFor('job.created')).payload.jobKey as string;

    // when
    await t.engine.updateJobRetries(jobKey, 1);
    await t.engine.resolveIncident(raised.payload.incidentKey as string);
    await completed(processInstanceKey);

    // then
    expect(calls).toBe(2);
    expect(await t.engine.listIncidents({ processInstanceKey })).toEqual([expect.objectContaining({ state: 'RESOLVED', errorType: 'JOB_NO_RETRIES' })]);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ fixed: true });
  });

  it('a handler that throws fails the job with its message and one retry fewer', async () => {
    // given
    let calls = 0;
    t.engine.createWorker({
      taskType: 'work',
      handler: () => {
        if (++calls === 1) throw new Error('connection reset');
        return done.complete();
      },
    });

    // when
    const processInstanceKey = await start();
    await completed(processInstanceKey);

    // then
    expect(calls).toBe(2);
    expect(t.events.filter((e) => e.type === 'job.failed').map((e) => e.payload)).toEqual([
      expect.objectContaining({ retries: 2, errorMessage: 'connection reset' }),
    ]);
  });

  it('a job whose activation timed out is delivered again and completed exactly once', async () => {
    // given
    const deliveries: Job[] = [];
    let releaseFirst!: () => void;
    const firstHangs = new Promise<void>((resolve) => (releaseFirst = resolve));
    t.engine.createWorker({
      taskType: 'work',
      timeout: 1_000,
      handler: async (job) => {
        deliveries.push(job);
        if (deliveries.length === 1) {
          await firstHangs;
          return done.complete({ by: 'first' });
        }
        return done.complete({ by: 'second' });
      },
    });
    const processInstanceKey = await start();
    await settle(t);

    // when
    t.clock.advance(1_000);
    await completed(processInstanceKey);
    releaseFirst();
    await settle(t);

    // then
    expect(deliveries).toHaveLength(2);
    expect(deliveries[1]!.key).toBe(deliveries[0]!.key);
    expect(deliveries[1]!.deadline).toBe(deliveries[0]!.deadline + 1_000);
    expect(t.events.filter((e) => e.type === 'job.completed')).toHaveLength(1);
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ by: 'second' });
  });
});
