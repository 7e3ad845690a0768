import { performance } from 'node:perf_hooks';
import { EmbeddedEngine } from '../../engine/embedded';
import { done, type JobWorker, type Variables } from '../../engine/port';
import type { Database } from '../../store/database';
import type { BenchDatabase } from './databases';
import { DIAGRAMS, readDiagram, SERVICE_JOB_TYPES } from './fixtures';

/** Most jobs each service worker holds at once: above the load window, so workers never throttle the run. */
export const WORKER_CAPACITY = 256;
/** An instance that has not ended after this long fails the run instead of hanging it. */
const INSTANCE_TIMEOUT_MS = 60_000;

/**
 * Our embedded engine on one bench database, with workers that complete every service job at
 * once and a tracker that turns `processInstance.completed` events into awaitable end times.
 */
export class EngineSession {
  private readonly ended = new Map<string, number>();
  private readonly waiting = new Map<string, (endedAt: number) => void>();
  private workers: JobWorker[] = [];
  private unsubscribe: () => void = () => undefined;

  private constructor(
    readonly target: BenchDatabase,
    public database: Database,
    public engine: EmbeddedEngine,
  ) {
    this.listen();
  }

  /** Opens the database (migrations included), starts the engine and deploys the bench diagrams. */
  static async open(target: BenchDatabase): Promise<EngineSession> {
    const database = await target.open();
    const session = new EngineSession(target, database, await EmbeddedEngine.start({ database }));
    await session.engine.deployResources([DIAGRAMS.oneTask, DIAGRAMS.threeTasks, DIAGRAMS.userTask, DIAGRAMS.timerWait].map(readDiagram));
    return session;
  }

  /** Registers one worker per service job type, each completing its jobs immediately. */
  startServiceWorkers(): void {
    for (const taskType of SERVICE_JOB_TYPES) {
      this.workers.push(this.engine.createWorker({ taskType, maxJobsToActivate: WORKER_CAPACITY, handler: () => done.complete() }));
    }
  }

  /** Creates an instance and resolves with ms from the create call to its `processInstance.completed` event. */
  async runToEnd(bpmnProcessId: string, variables?: Variables): Promise<number> {
    const startedAt = performance.now();
    const { processInstanceKey } = await this.engine.createProcessInstance({ bpmnProcessId, variables });
    return (await this.endOf(processInstanceKey)) - startedAt;
  }

  /** Creates an instance that stays waiting; resolves with ms until the create call returned. */
  async startWaiting(bpmnProcessId: string): Promise<number> {
    const startedAt = performance.now();
    await this.engine.createProcessInstance({ bpmnProcessId });
    return performance.now() - startedAt;
  }

  /** Stops the engine (workers included) but keeps the database open. */
  async stopEngine(): Promise<void> {
    this.workers = [];
    await this.engine.close();
  }

  /** Starts a new engine on the current database (after `stopEngine`). */
  async startEngine(): Promise<EmbeddedEngine> {
    this.engine = await EmbeddedEngine.start({ database: this.database });
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
      if (event.type !== 'processInstance.completed' || !event.processInstanceKey) return;
      const at = performance.now();
      const resolve = this.waiting.get(event.processInstanceKey);
      if (resolve) {
        this.waiting.delete(event.processInstanceKey);
        resolve(at);
      } else this.ended.set(event.processInstanceKey, at);
    });
  }

  private endOf(processInstanceKey: string): Promise<number> {
    const endedAt = this.ended.get(processInstanceKey);
    if (endedAt !== undefined) {
      this.ended.delete(processInstanceKey);
      return Promise.resolve(endedAt);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(processInstanceKey);
        reject(new Error(`process instance ${processInstanceKey} did not complete within ${INSTANCE_TIMEOUT_MS / 1000} s`));
      }, INSTANCE_TIMEOUT_MS);
      this.waiting.set(processInstanceKey, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }
}
