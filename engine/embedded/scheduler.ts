import type { Logger } from 'pino';
import type { Clock } from '../clock';

/** What the scheduler needs from the engine. */
export interface TimerChannel {
  dueTimers(limit: number): Promise<{ key: number }[]>;
  nextDue(): Promise<number | undefined>;
  /** Fires a group of due timers in one command. */
  trigger(timerKeys: number[]): Promise<void>;
}

const MAX_DELAY = 2 ** 31 - 1;
/** Due timers read at once. */
const BATCH = 1_000;
/** Timers fired per command; small enough that other commands interleave with a burst of timers. */
const GROUP = 50;

/**
 * Fires due timers. Keeps one OS timer for the earliest known due time; when it rings, reads
 * the due timers from the database (index on due_at, so 100,000 pending timers cost nothing
 * until they are due) and fires them through the command processor in groups.
 */
export class TimerScheduler {
  private nextDue: number | undefined;
  private handle: NodeJS.Timeout | undefined;
  private again = false;
  private stopped = false;
  /** The check in progress, if any. */
  private current: Promise<void> | undefined;
  /** Set when a trigger failed: the next check waits a second instead of spinning on it. */
  private failed = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly channel: TimerChannel,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = clock.onJump(() => void this.check());
  }

  /** Looks at the database once (start-up, restart recovery). */
  async start(): Promise<void> {
    await this.check();
  }

  /** A timer with this due time was committed. */
  consider(dueAt: number): void {
    if (this.nextDue !== undefined && dueAt >= this.nextDue) return;
    this.nextDue = dueAt;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    if (this.handle) clearTimeout(this.handle);
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.handle) clearTimeout(this.handle);
    if (this.nextDue === undefined) return;
    const delay = Math.min(MAX_DELAY, Math.max(this.failed ? 1_000 : 0, this.nextDue - this.clock.now()));
    this.handle = setTimeout(() => void this.check(), delay);
  }

  /** Resolves when no check is running (after a clock jump, say). */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  /** Triggers everything due, then re-arms for the next due time. */
  check(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = this.runCheck().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private async runCheck(): Promise<void> {
    try {
      do {
        this.again = false;
        this.failed = false;
        for (;;) {
          const due = await this.channel.dueTimers(BATCH);
          if (due.length === 0) break;
          // one group after the other, so that other commands get into every batch
          for (let i = 0; i < due.length && !this.stopped; i += GROUP) {
            const keys = due.slice(i, i + GROUP).map((t) => t.key);
            await this.channel.trigger(keys).catch((err) => {
              this.failed = true;
              this.logger.error({ err, timerKeys: keys }, 'timer trigger failed');
            });
          }
          if (due.length < BATCH || this.stopped || this.failed) break;
        }
        this.nextDue = this.stopped ? undefined : await this.channel.nextDue();
      } while (this.again && !this.stopped);
      this.arm();
    } catch (error) {
      if (!this.stopped) this.logger.error({ err: error }, 'timer check failed');
    }
  }
}
