import type { Logger } from 'pino';
import type { EngineEvent } from '../port';
import type { ZeebeEngine } from './index';
import type { ObservationRepository } from './observation.repository';

/** The events that say something about an instance the app can name. */
const OBSERVED = new Set<EngineEvent['type']>([
  'processInstance.created',
  'processInstance.terminated',
  'variables.updated',
  'userTask.created',
  'userTask.completed',
  'userTask.canceled',
  'job.completed',
  'job.failed',
  'job.errorThrown',
  'incident.created',
]);
/** Events written per transaction. */
const BATCH = 500;
/** Longest `stop()` waits for events still being written. */
const STOP_WAIT_MS = 10_000;

/**
 * Keeps what the app observes of a Zeebe cluster (`zeebe_instances`, `zeebe_observations`,
 * `zeebe_incidents`): the adapter's live events, written in order, in batches, each in one
 * transaction; a failed batch is retried with a growing pause. Zeebe's events cannot be re-read,
 * so an event received while the database is unreachable is kept in memory until it can be written,
 * and one received before `start` or after a crash is lost (Operate keeps the full record).
 */
export class ZeebeObserver {
  private readonly queue: EngineEvent[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private draining = false;
  private stopped = false;
  private retryDelayMs = 0;
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly repository: ObservationRepository,
    private readonly logger: Logger,
  ) {}

  /** Follows the engine's events until `stop()`. */
  start(engine: Pick<ZeebeEngine, 'onEvent'>): void {
    this.unsubscribe = engine.onEvent((event) => this.handle(event));
  }

  /** Takes one engine event (the listener `start` subscribes). */
  handle(event: EngineEvent): void {
    if (this.stopped || !OBSERVED.has(event.type)) return;
    this.queue.push(event);
    this.schedule();
  }

  /** Resolves when every event received so far has been written. */
  idle(): Promise<void> {
    if (!this.draining && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops following the engine after writing what was received (waiting at most 10 s). */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timer);
    this.stopped = true;
  }

  private schedule(): void {
    if (this.draining || this.stopped) return;
    if (!this.queue.length) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    this.draining = true;
    setTimeout(() => void this.drain(), this.retryDelayMs);
  }

  private async drain(): Promise<void> {
    const batch = this.queue.slice(0, BATCH);
    try {
      await this.repository.record(batch);
      this.queue.splice(0, batch.length);
      this.retryDelayMs = 0;
    } catch (error) {
      this.retryDelayMs = Math.min(Math.max(this.retryDelayMs * 2, 500), 30_000);
      this.logger.error({ err: error, events: batch.length, retryInMs: this.retryDelayMs }, 'could not record observed Zeebe events; retrying');
    }
    this.draining = false;
    this.schedule();
  }
}
