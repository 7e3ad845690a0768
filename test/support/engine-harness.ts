import fs from 'node:fs';
import path from 'node:path';
import { ControlledClock } from '../../engine/clock';
import { EmbeddedEngine } from '../../engine/embedded';
import type { EngineEvent, EngineEventType } from '../../engine/port';
import type { Database } from '../../store/database';
import { openTestDatabase } from './database';

export const FIXTURES = path.resolve(process.cwd(), 'test/engine/fixtures');

/** A running embedded engine on a fresh test database with a pinned, controllable clock. */
export interface TestEngine {
  engine: EmbeddedEngine;
  clock: ControlledClock;
  database: Database;
  /** Every event emitted so far, in order. */
  events: EngineEvent[];
  /** Deploys fixtures from test/engine/fixtures by file name. */
  deploy(...files: string[]): ReturnType<EmbeddedEngine['deployResources']>;
  /** Resolves with the first event (already seen or future) that matches. */
  waitFor(type: EngineEventType, match?: (event: EngineEvent) => boolean, timeoutMs?: number): Promise<EngineEvent>;
  /** Stops the engine and starts a new one on the same database (restart recovery). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export const T0 = Date.UTC(2026, 10, 27, 1, 0, 0);

export async function startTestEngine(options: { database?: Database; pollMs?: number } = {}): Promise<TestEngine> {
  const database = options.database ?? (await openTestDatabase());
  const clock = new ControlledClock();
  clock.pin(T0);
  const events: EngineEvent[] = [];
  const waiters = new Set<() => void>();
  const start = async () => {
    const engine = await EmbeddedEngine.start({ database, clock, jobPollMs: options.pollMs ?? 50 });
    engine.onEvent((event) => {
      events.push(event);
      for (const w of [...waiters]) w();
    });
    return engine;
  };
  const harness: TestEngine = {
    engine: await start(),
    clock,
    database,
    events,
    deploy: (...files) => harness.engine.deployResources(files.map((name) => ({ name, content: fs.readFileSync(path.join(FIXTURES, name), 'utf8') }))),
    waitFor(type, match = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.type === type && match(e));
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${type}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async restart() {
      await harness.engine.close();
      harness.engine = await start();
    },
    async close() {
      await harness.engine.close();
      if (!options.database) await database.close();
    },
  };
  return harness;
}
