import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { Job, JobOutcome, JobWorker, JobWorkerConfig, Variables } from '../port';
import type { CreatedJob, JobRow } from './effects';

/** What the dispatcher needs from the engine. */
export interface JobChannel {
  activatable(type: string, limit: number, exclude: number[]): Promise<JobRow[]>;
  /** Undefined for a job that was completed or cancelled after the poll read it. */
  variablesOf(jobs: JobRow[], fetch?: string[]): Promise<(Variables | undefined)[]>;
  complete(jobKey: number, variables: Variables): Promise<void>;
  fail(jobKey: number, errorMessage: string, retries: number, retryBackOff: number, variables?: Variables): Promise<void>;
  error(jobKey: number, errorCode: string, errorMessage: string, variables: Variables): Promise<void>;
}

interface WorkerState {
  config: Required<Pick<JobWorkerConfig, 'taskType' | 'maxJobsToActivate' | 'timeout'>> & JobWorkerConfig;
  active: number;
  closed: boolean;
  /** Set when jobs may be waiting in the database that this worker has not seen. */
  backlog: boolean;
  polling: boolean;
  handlers: Set<Promise<void>>;
}

/**
 * Hands jobs to in-process workers. New jobs go straight to a worker with free capacity after
 * their transaction committed; anything else (backlog, retries after back-off, timed-out
 * activations, jobs left from before a restart) is found by polling the jobs table.
 * Delivery is at-least-once: a job whose activation timed out, or that was in a worker's hands
 * when the process died, is handed out again; completing a job twice is rejected.
 */
export class JobDispatcher {
  private readonly workers = new Map<string, WorkerState[]>();
  /** Jobs in a worker's hands, with their activation deadline. */
  readonly inFlight = new Map<number, JobRow & { deadline: number }>();
  private sweepHandle: NodeJS.Timeout | undefined;

  constructor(
    private readonly channel: JobChannel,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.sweepHandle = setInterval(() => this.sweep(), this.pollMs);
    this.sweepHandle.unref();
  }

  register<V extends Variables>(config: JobWorkerConfig<V>): JobWorker {
    const state: WorkerState = {
      config: { maxJobsToActivate: 32, timeout: 300_000, ...(config as JobWorkerConfig) },
      active: 0,
      closed: false,
      backlog: true,
      polling: false,
      handlers: new Set(),
    };
    const list = this.workers.get(config.taskType) ?? [];
    list.push(state);
    this.workers.set(config.taskType, list);
    void this.poll(state);
    return {
      taskType: config.taskType,
      close: async () => {
        state.closed = true;
        this.workers.set(config.taskType, (this.workers.get(config.taskType) ?? []).filter((w) => w !== state));
        await Promise.allSettled([...state.handlers]);
      },
    };
  }

  /** Jobs just committed: hand each to a worker with room, or mark the type as backlogged. */
  offer(created: CreatedJob[]): void {
    for (const { row, variables } of created) {
      const worker = this.workers.get(row.type)?.find((w) => !w.closed && w.active < w.config.maxJobsToActivate);
      if (!worker) {
        for (const w of this.workers.get(row.type) ?? []) w.backlog = true;
        continue;
      }
      const fetch = worker.config.fetchVariable;
      this.activate(worker, row, fetch ? Object.fromEntries(fetch.filter((n) => n in variables).map((n) => [n, variables[n]])) : variables);
    }
  }

  /** Jobs of this type may be activatable again (retries, resolved incidents). */
  poke(type: string): void {
    for (const worker of this.workers.get(type) ?? []) {
      worker.backlog = true;
      void this.poll(worker);
    }
  }

  /** Forgets a job (completed, cancelled) so that it is not treated as in flight. */
  release(jobKey: number): void {
    this.inFlight.delete(jobKey);
  }

  /**
   * Stops handing out jobs and waits for running handlers, at most `graceMs`: a handler that
   * never returns must not keep the engine from closing (its job is delivered again later).
   */
  async close(graceMs = 10_000): Promise<void> {
    if (this.sweepHandle) clearInterval(this.sweepHandle);
    const all = [...this.workers.values()].flat();
    for (const w of all) w.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled(all.flatMap((w) => [...w.handlers])), grace]);
    clearTimeout(timer);
    this.workers.clear();
  }

  /** Expires timed-out activations and polls every worker. */
  private sweep(): void {
    const now = this.clock.now();
    for (const [key, job] of this.inFlight) if (job.deadline <= now) this.inFlight.delete(key);
    for (const list of this.workers.values()) for (const worker of list) {
      worker.backlog = true;
      void this.poll(worker);
    }
  }

  private async poll(worker: WorkerState): Promise<void> {
    if (worker.polling || worker.closed || !worker.backlog) return;
    worker.polling = true;
    try {
      while (!worker.closed && worker.backlog) {
        const room = worker.config.maxJobsToActivate - worker.active;
        if (room <= 0) return;
        worker.backlog = false;
        const exclude = [...this.inFlight.values()].filter((j) => j.type === worker.config.taskType).map((j) => j.key);
        const rows = (await this.channel.activatable(worker.config.taskType, room, exclude)).filter((r) => !this.inFlight.has(r.key));
        if (rows.length === 0) return;
        const variables = await this.channel.variablesOf(rows, worker.config.fetchVariable);
        rows.forEach((row, i) => {
          const visible = variables[i];
          if (visible && !this.inFlight.has(row.key)) this.activate(worker, row, visible);
        });
        if (rows.length === room) worker.backlog = true;
      }
    } catch (error) {
      this.logger.error({ err: error, type: worker.config.taskType }, 'job poll failed');
    } finally {
      worker.polling = false;
    }
  }

  private activate(worker: WorkerState, row: JobRow, variables: Variables): void {
    const deadline = this.clock.now() + worker.config.timeout;
    this.inFlight.set(row.key, { ...row, deadline });
    worker.active++;
    const job: Job = {
      key: String(row.key),
      type: row.type,
      processInstanceKey: String(row.processInstanceKey),
      bpmnProcessId: row.bpmnProcessId,
      processDefinitionVersion: row.processDefinitionVersion,
      processDefinitionKey: String(row.processDefinitionKey),
      elementId: row.elementId,
      elementInstanceKey: String(row.elementInstanceKey),
      customHeaders: row.customHeaders,
      retries: row.retries,
      deadline,
      variables,
    };
    const handling = this.handle(worker, row, job).finally(() => {
      worker.active--;
      worker.handlers.delete(handling);
      if (this.inFlight.get(row.key)?.deadline === deadline) this.inFlight.delete(row.key);
      if (worker.backlog) void this.poll(worker);
    });
    worker.handlers.add(handling);
  }

  private async handle(worker: WorkerState, row: JobRow, job: Job): Promise<void> {
    let outcome: JobOutcome;
    try {
      outcome = await worker.config.handler(job as never);
    } catch (error) {
      outcome = { outcome: 'fail', errorMessage: (error as Error)?.message ?? String(error), retries: row.retries - 1 };
    }
    try {
      if (outcome.outcome === 'complete') await this.channel.complete(row.key, outcome.variables ?? {});
      else if (outcome.outcome === 'fail') {
        await this.channel.fail(row.key, outcome.errorMessage, outcome.retries ?? row.retries - 1, outcome.retryBackOff ?? 0, outcome.variables);
      } else await this.channel.error(row.key, outcome.errorCode, outcome.errorMessage ?? '', outcome.variables ?? {});
    } catch (error) {
      this.logger.warn({ err: error, jobKey: row.key, type: row.type }, 'job outcome was not accepted');
    }
  }
}
