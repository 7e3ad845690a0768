import { performance } from 'node:perf_hooks';
import { ControlledClock } from '../../engine/clock';
import { EmbeddedEngine } from '../../engine/embedded';
import { done, type JobWorker, type Variables } from '../../engine/port';
import type { Database } from '../../store/database';
import type { BenchDatabase } from './databases';
import { DIAGRAMS, DOUBLE_JOB_TYPE, PROCESS, readDiagram, SERVICE_JOB_TYPES } from './fixtures';

/** Most jobs each service worker holds at once: above the load window, so workers never throttle the run. */
export const WORKER_CAPACITY = 256;
/** An instance that has not ended after this long fails the run instead of hanging it. */
const INSTANCE_TIMEOUT_MS = 60_000;

/** When an instance ended and the variables its `processInstance.completed` event carried. */
interface Ending {
  at: number;
  variables: Variables;
}

/**
 * Our embedded engine on one bench database, with workers that complete every service job at
 * once and a tracker that turns `processInstance.completed` events into awaitable end times.
 * The engine runs on a `ControlledClock` that follows the system clock until the timer phase
 * pins and advances it.
 */
export class EngineSession {
  readonly clock = new ControlledClock();
  private readonly ended = new Map<string, Ending>();
  private readonly waiting = new Map<string, (ending: Ending) => void>();
  private workers: JobWorker[] = [];
  private unsubscribe: () => void = () => undefined;

  public engine!: EmbeddedEngine;

  private constructor(
    readonly target: BenchDatabase,
    public database: Database,
  ) {}

  /** Opens the database (migrations included), starts the engine and deploys the bench diagrams. */
  static async open(target: BenchDatabase): Promise<EngineSession> {
    const session = new EngineSession(target, await target.open());
    await session.startEngine();
    await session.engine.deployResources([DIAGRAMS.oneTask, DIAGRAMS.threeTasks, DIAGRAMS.userTask, DIAGRAMS.timerWait, DIAGRAMS.multiInstance].map(readDiagram));
    return session;
  }

  /** Registers one worker per service job type, each completing its jobs immediately ((c)'s answers `item * 2`). */
  startServiceWorkers(): void {
    for (const taskType of SERVICE_JOB_TYPES) {
      this.workers.push(this.engine.createWorker({ taskType, maxJobsToActivate: WORKER_CAPACITY, handler: () => done.complete() }));
    }
    this.workers.push(
      this.engine.createWorker<{ item: number }>({
        taskType: DOUBLE_JOB_TYPE,
        maxJobsToActivate: WORKER_CAPACITY,
        fetchVariable: ['item'],
        handler: (job) => done.complete({ result: job.variables.item * 2 }),
      }),
    );
  }

  /** Creates an instance and resolves with ms from the create call to its `processInstance.completed` event. */
  async runToEnd(bpmnProcessId: string, variables?: Variables): Promise<number> {
    return (await this.runToEndWithVariables(bpmnProcessId, variables)).ms;
  }

  /** As `runToEnd`, with the variables the instance ended with. */
  async runToEndWithVariables(bpmnProcessId: string, variables?: Variables): Promise<{ ms: number; variables: Variables }> {
    const startedAt = performance.now();
    const { processInstanceKey } = await this.engine.createProcessInstance({ bpmnProcessId, variables });
    const ending = await this.endOf(processInstanceKey);
    return { ms: ending.at - startedAt, variables: ending.variables };
  }

  /** Creates an instance that stays waiting; resolves with ms until the create call returned. */
  async startWaiting(bpmnProcessId: string, variables?: Variables): Promise<number> {
    const startedAt = performance.now();
    await this.engine.createProcessInstance({ bpmnProcessId, variables });
    return performance.now() - startedAt;
  }

  /** Stops the engine (workers included) but keeps the database open. */
  async stopEngine(): Promise<void> {
    this.workers = [];
    await this.engine.close();
  }

  /** Starts a new engine on the current database (after `stopEngine`). */
  async startEngine(): Promise<EmbeddedEngine> {
    this.engine = await EmbeddedEngine.start({ database: this.database, clock: this.clock });
    this.listen();
    return this.engine;
  }

  /** Closes the database and opens it again, as a process restart would (after `stopEngine`). */
  async reopenDatabase(): Promise<void> {
    await this.database.close();
    this.database = await this.target.open();
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.engine.close();
    await this.database.close();
  }

  private listen(): void {
    this.unsubscribe();
    this.unsubscribe = this.engine.onEvent((event) => {
      // Nobody awaits the timer instances' ends (the timer phase counts `timer.triggered` instead).
      if (event.type !== 'processInstance.completed' || !event.processInstanceKey || event.bpmnProcessId === PROCESS.timerWait) return;
      const ending = { at: performance.now(), variables: (event.payload.variables ?? {}) as Variables };
      const resolve = this.waiting.get(event.processInstanceKey);
      if (resolve) {
        this.waiting.delete(event.processInstanceKey);
        resolve(ending);
      } else this.ended.set(event.processInstanceKey, ending);
    });
  }

  private endOf(processInstanceKey: string): Promise<Ending> {
    const ending = this.ended.get(processInstanceKey);
    if (ending !== undefined) {
      this.ended.delete(processInstanceKey);
      return Promise.resolve(ending);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(processInstanceKey);
        reject(new Error(`process instance ${processInstanceKey} did not complete within ${INSTANCE_TIMEOUT_MS / 1000} s`));
      }, INSTANCE_TIMEOUT_MS);
      this.waiting.set(processInstanceKey, (ending) => {
        clearTimeout(timer);
        resolve(ending);
      });
    });
  }
}
