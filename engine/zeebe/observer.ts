import type { Logger } from 'pino';
import { OrderedWriter } from '../../domain/ordered-writer';
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
  private readonly writer: OrderedWriter<EngineEvent>;
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly repository: ObservationRepository,
    logger: Logger,
  ) {
    this.writer = new OrderedWriter((batch) => repository.record(batch), logger, { batch: BATCH, failure: 'could not record observed Zeebe events' });
  }

  /** Follows the engine's events until `stop()`. */
  start(engine: Pick<ZeebeEngine, 'onEvent'>): void {
    this.unsubscribe = engine.onEvent((event) => this.handle(event));
  }

  /** Takes one engine event (the listener `start` subscribes). */
  handle(event: EngineEvent): void {
    if (OBSERVED.has(event.type)) this.writer.push(event);
  }

  /** Resolves when every event received so far has been written. */
  idle(): Promise<void> {
    return this.writer.idle();
  }

  /** Stops following the engine after writing what was received (waiting at most 10 s). */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.writer.stop(STOP_WAIT_MS);
  }
}
