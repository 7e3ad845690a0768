import type { Logger } from 'pino';
import type { Db } from '../../store/database';
import { EngineRejection, type EngineEvent } from '../port';
import { Effects, KeyAllocator, mergeEffects } from './effects';
import type { InstanceRecord } from './instance';
import type { EngineRepository } from './repository';

/** What a command sees while it runs inside a batch transaction. */
export interface CommandContext {
  db: Db;
  now: number;
  effects: Effects;
  nextKey: () => number;
  /** Loads an instance once per batch (from the cache or the database); later commands see earlier changes. */
  instance(key: number): Promise<InstanceRecord | undefined>;
  /** Reads an instance without taking part in the batch's writes (read-only commands). */
  peek(key: number): Promise<InstanceRecord | undefined>;
  /** Loads several instances in one query (those not yet loaded), before a command works through them. */
  preload(keys: number[]): Promise<void>;
  /** Registers a new instance record with the batch. */
  adopt(record: InstanceRecord): void;
  /** Instances loaded or created in this batch so far (newer than the database). */
  touched(): Iterable<InstanceRecord>;
  /** Runs after the batch committed (cache updates and the like). */
  afterCommit(hook: () => void): void;
  /**
   * Writes the row changes of the batch's earlier commands. Row changes are written together at
   * the end of a batch; a command that reads engine tables (other than instances) flushes first,
   * so it sees everything earlier commands did.
   */
  flush(): Promise<void>;
}

export type Command<R> = (ctx: CommandContext) => Promise<R>;

interface Pending {
  command: Command<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  result?: unknown;
  rejection?: unknown;
  effects?: Effects;
}

/** Everything a committed batch produced, for the dispatcher, the scheduler and event listeners. */
export interface CommittedBatch {
  effects: Effects[];
  events: EngineEvent[];
}

const KEY_BLOCK = 1_000_000;

/**
 * Serialises engine commands and commits them in groups: up to `batchMax` waiting commands run in
 * one database transaction (group commit). A command's promise resolves only after its
 * transaction committed. When a batch fails unexpectedly it is rolled back and its commands
 * are retried one by one, so one bad command cannot take others down with it.
 */
export class CommandProcessor {
  private readonly queue: Pending[] = [];
  private draining = false;
  private readonly keys = new KeyAllocator();
  /** Recently used instances (bounded): keeps hot instances out of the database round-trip. */
  private readonly cache = new Map<number, InstanceRecord>();

  constructor(
    private readonly db: Db,
    private readonly repository: EngineRepository,
    private readonly clock: { now(): number },
    private readonly onCommit: (batch: CommittedBatch) => void,
    private readonly logger: Logger,
    private readonly batchMax = 200,
    private readonly cacheSize = 2_000,
  ) {}

  submit<R>(command: Command<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ command, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Resolves when every queued command has been processed. */
  async idle(): Promise<void> {
    while (this.draining || this.queue.length) await new Promise((r) => setTimeout(r, 1));
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.batchMax);
        if (this.keys.remaining < KEY_BLOCK / 10) this.keys.refill(...(await this.repository.reserveKeys(this.db, KEY_BLOCK)));
        try {
          this.settle(batch, await this.runBatch(batch));
        } catch (error) {
          if (batch.length === 1) {
            this.logger.error({ err: error }, 'engine command failed');
            batch[0]!.reject(error);
            continue;
          }
          this.logger.warn({ err: error, size: batch.length }, 'engine batch failed; retrying its commands one by one');
          for (const single of batch) {
            try {
              this.settle([single], await this.runBatch([single]));
            } catch (singleError) {
              this.logger.error({ err: singleError }, 'engine command failed');
              single.reject(singleError);
            }
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private settle(batch: Pending[], committed: CommittedBatch): void {
    try {
      this.onCommit(committed);
    } catch (error) {
      this.logger.error({ err: error }, 'after-commit processing failed');
    }
    for (const item of batch) {
      if (item.rejection !== undefined) item.reject(item.rejection);
      else item.resolve(item.result);
    }
  }

  private async runBatch(batch: Pending[]): Promise<CommittedBatch> {
    const touched = new Map<number, InstanceRecord>();
    const hooks: (() => void)[] = [];
    const now = this.clock.now();
    let events: EngineEvent[] = [];
    try {
      await this.db.transaction(async (tx) => {
        const db = tx as unknown as Db;
        const unwritten: Effects[] = [];
        const flush = async () => {
          if (unwritten.length === 0) return;
          const merged = mergeEffects(unwritten.splice(0));
          await this.repository.writeEffects(db, merged, now);
        };
        for (const item of batch) {
          item.rejection = undefined;
          const effects = new Effects();
          item.effects = effects;
          const ctx: CommandContext = {
            db,
            now,
            effects,
            nextKey: () => this.keys.take(),
            instance: async (key) => {
              let record = touched.get(key) ?? this.cache.get(key);
              if (!record) record = await this.repository.loadInstance(db, key);
              if (record) touched.set(key, record);
              return record;
            },
            peek: async (key) => touched.get(key) ?? this.cache.get(key) ?? (await this.repository.loadInstance(db, key)),
            preload: async (keys) => {
              const missing = keys.filter((key) => !touched.has(key) && !this.cache.has(key));
              for (const record of await this.repository.loadInstances(db, missing)) touched.set(record.key, record);
            },
            adopt: (record) => {
              touched.set(record.key, record);
            },
            afterCommit: (hook) => hooks.push(hook),
            touched: () => touched.values(),
            flush,
          };
          try {
            item.result = await item.command(ctx);
          } catch (error) {
            if (!(error instanceof EngineRejection)) throw error;
            item.rejection = error;
            continue;
          }
          unwritten.push(effects);
        }
        await flush();
        await this.repository.saveInstances(db, [...touched.values()]);
        events = await this.repository.appendEvents(db, batch.flatMap((item) => (item.rejection === undefined ? item.effects!.events : [])), now);
      });
    } catch (error) {
      for (const key of touched.keys()) this.cache.delete(key);
      throw error;
    }
    for (const record of touched.values()) {
      record.isNew = false;
      this.cache.delete(record.key);
      if (record.state === 'ACTIVE') this.cache.set(record.key, record);
    }
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    for (const hook of hooks) hook();
    return { effects: batch.filter((i) => i.rejection === undefined).map((i) => i.effects!), events };
  }
}
