import type { Logger } from 'pino';

/**
 * Writes items in the order they arrive, in batches, one batch at a time; a failed batch stays at
 * the head of the queue and is retried after a growing pause (0.5 s doubling to 30 s), so nothing
 * is skipped or reordered while the database is unreachable. Items received while `held` wait
 * until `release()`. Used for engine events that must reach the database in order (the task
 * projection, the observed Zeebe views).
 */
export class OrderedWriter<T> {
  private readonly queue: T[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private draining = false;
  private stopped = false;
  private retryDelayMs = 0;

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly logger: Logger,
    private readonly options: { batch: number; failure: string; held?: boolean },
  ) {}

  /** Queues one item (ignored once stopped). */
  push(item: T): void {
    if (this.stopped) return;
    this.queue.push(item);
    this.schedule();
  }

  /** Starts writing what was held. */
  release(): void {
    this.options.held = false;
    this.schedule();
  }

  /** Resolves when every item received so far has been written (at once while held). */
  idle(): Promise<void> {
    if (!this.draining && (this.queue.length === 0 || this.options.held)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Waits at most `waitMs` for the queue to be written, then takes nothing more. */
  async stop(waitMs: number): Promise<void> {
    // a database that keeps failing must not hold up shutdown
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    this.stopped = true;
  }

  private schedule(): void {
    if (this.options.held || this.draining || this.stopped) return;
    if (!this.queue.length) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    this.draining = true;
    setTimeout(() => void this.drain(), this.retryDelayMs);
  }

  private async drain(): Promise<void> {
    const batch = this.queue.slice(0, this.options.batch);
    try {
      await this.write(batch);
      this.queue.splice(0, batch.length);
      this.retryDelayMs = 0;
    } catch (error) {
      this.retryDelayMs = Math.min(Math.max(this.retryDelayMs * 2, 500), 30_000);
      this.logger.error({ err: error, events: batch.length, retryInMs: this.retryDelayMs }, `${this.options.failure}; retrying`);
    }
    this.draining = false;
    this.schedule();
  }
}
