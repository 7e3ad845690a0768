import { done, type Job } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../support/engine-harness';

/** Lets the dispatcher poll and the processor drain, so that "nothing more happened" can be asserted. */
const settle = (t: TestEngine) => new Promise((resolve) => setTimeout(resolve, 200)).then(() => t.engine.idle());

describe('jobs', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.close());

  it('a send task and a business rule task create jobs of their type, with custom headers', async () => {
    // given
    await t.deploy('send-and-rule.bpmn');
    const received: Job[] = [];
    t.engine.createWorker({ taskType: 'notify', handler: (job) => (received.push(job), done.complete({ notified: true })) });
    t.engine.createWorker({ taskType: 'score', handler: (job) => (received.push(job), done.complete({ score: 7 })) });

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'send-and-rule' });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect(received.map((job) => [job.type, job.elementId, job.retries])).toEqual([
      ['notify', 'Task_Notify', 2],
      ['score', 'Task_Score', 3],
    ]);
    expect(received[0]!.customHeaders).toEqual({ channel: 'email', template: 'welcome' });
    expect(received[1]!.customHeaders).toEqual({});
    expect(received[1]!.variables).toEqual({ notified: true });
    expect((await t.engine.getProcessInstance(processInstanceKey))?.variables).toEqual({ notified: true, score: 7 });
  });

  it('evaluates a FEEL job type when the task is entered', async () => {
    // given
    await t.deploy('feel-job-type.bpmn');
    const types: string[] = [];
    t.engine.createWorker({ taskType: 'work-invoice', handler: (job) => (types.push(job.type), done.complete()) });

    // when
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'feel-job-type', variables: { kind: 'invoice' } });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect(types).toEqual(['work-invoice']);
    const created = await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);
    expect(created.payload).toMatchObject({ type: 'work-invoice', retries: 3 });
  });

  it('hands a worker at most maxJobsToActivate jobs at once', async () => {
    // given
    await t.deploy('one-task.bpmn');
    let active = 0;
    let mostActive = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    t.engine.createWorker({
      taskType: 'work',
      maxJobsToActivate: 2,
      handler: async () => {
        mostActive = Math.max(mostActive, ++active);
        await gate;
        active--;
        return done.complete();
      },
    });

    // when
    const started = await Promise.all([1, 2, 3, 4, 5].map((n) => t.engine.createProcessInstance({ bpmnProcessId: 'one-task', variables: { n } })));
    await settle(t);
    const activeWhileBlocked = active;
    release();
    await Promise.all(started.map(({ processInstanceKey }) => t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey)));

    // then
    expect(activeWhileBlocked).toBe(2);
    expect(mostActive).toBe(2);
    expect(t.events.filter((e) => e.type === 'job.completed')).toHaveLength(5);
  });

  it('rejects completing an unknown job or an already completed job with NOT_FOUND', async () => {
    // given
    await t.deploy('one-task.bpmn');
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'one-task' });
    const created = await t.waitFor('job.created', (e) => e.processInstanceKey === processInstanceKey);
    const jobKey = created.payload.jobKey as string;
    await t.engine.completeJob(jobKey, { answer: 1 });

    // when
    const again = t.engine.completeJob(jobKey, { answer: 2 });
    const unknown = t.engine.completeJob('987654321');

    // then
    await expect(again).rejects.toMatchObject({ name: 'EngineRejection', code: 'NOT_FOUND' });
    await expect(unknown).rejects.toMatchObject({ name: 'EngineRejection', code: 'NOT_FOUND' });
    const instance = await t.engine.getProcessInstance(processInstanceKey);
    expect(instance).toMatchObject({ state: 'COMPLETED', variables: { answer: 1 } });
    expect(t.events.filter((e) => e.type === 'job.completed')).toHaveLength(1);
  });

  /** Holds the first read of activatable jobs after it read the table, until `release` is called. */
  const holdFirstPoll = () => {
    const repository = (t.engine as unknown as { repository: { activatableJobs: (...args: unknown[]) => Promise<unknown[]> } }).repository;
    const read = repository.activatableJobs.bind(repository);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let returned: Promise<unknown> = Promise.resolve();
    let heldOnce = false;
    repository.activatableJobs = (...args) => {
      if (heldOnce) return read(...args);
      heldOnce = true;
      const rows = read(...args).then(async (r) => (await held, r));
      returned = rows;
      return rows;
    };
    return {
      release: async () => {
        release();
        await returned;
      },
    };
  };

  it('a poll that read a job before another worker completed it does not hand the job out again', async () => {
    // given a job waiting, and a first poll that has read it from the table but is held there
    await t.deploy('one-task.bpmn');
    const { processInstanceKey } = await t.engine.createProcessInstance({ bpmnProcessId: 'one-task', variables: { case: 'A-1' } });
    await t.engine.idle();
    const stalePoll = holdFirstPoll();
    const late: Job[] = [];
    t.engine.createWorker({ taskType: 'work', handler: (job) => (late.push(job), done.complete()) });

    // when a second worker takes the job and completes it, and only then the held poll goes on
    t.engine.createWorker({ taskType: 'work', handler: () => done.complete({ answer: 1 }) });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);
    await stalePoll.release();
    await settle(t);

    // then the first worker never saw the job that was already gone
    expect(late).toEqual([]);
    expect(t.events.filter((e) => e.type === 'job.completed')).toHaveLength(1);
  });

  it('a poll that read a job before another worker failed it with a back-off does not hand it out before the back-off', async () => {
    // given a job waiting, and a first poll that has read it from the table but is held there
    await t.deploy('one-task.bpmn');
    await t.engine.createProcessInstance({ bpmnProcessId: 'one-task' });
    await t.engine.idle();
    const stalePoll = holdFirstPoll();
    const late: Job[] = [];
    t.engine.createWorker({ taskType: 'work', handler: (job) => (late.push(job), done.complete()) });

    // when a second worker fails it with one minute of back-off, and only then the held poll goes on
    const failing = t.engine.createWorker({ taskType: 'work', handler: () => done.fail('gateway down', { retries: 2, retryBackOff: 60_000 }) });
    await t.waitFor('job.failed');
    await failing.close();
    await stalePoll.release();
    await settle(t);

    // then nobody gets the job during its back-off; after it, the first worker does
    expect(late).toEqual([]);
    t.clock.advance(60_000);
    await t.waitFor('job.completed');
    expect(late.map((job) => job.retries)).toEqual([2]);
  });
});
