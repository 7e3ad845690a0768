import { sql } from 'drizzle-orm';
import type { Db } from './database';

/**
 * Autovacuum's work, for PGlite. PGlite is one Postgres session with no background workers, so no
 * autovacuum runs: the rows that updates and deletes leave behind are never reclaimed (the engine
 * rewrites its instance and job rows all day), statistics grow stale, and index-only scans visit the
 * table because the visibility map is never set. Every interval, the tables past autovacuum's own
 * default thresholds are vacuumed (or only analysed), one at a time: each holds the session while it
 * runs, as every statement on PGlite does.
 *
 * Thresholds (PostgreSQL's defaults): vacuum when dead rows > 50 + 20 % of live rows, or rows
 * inserted since the last vacuum > 1,000 + 20 % (sets the visibility map of append-mostly tables);
 * analyse when rows changed since the last analyse > 50 + 10 %.
 */
export interface VacuumAction {
  table: string;
  action: 'vacuum' | 'analyze';
  ms: number;
}

/** Vacuums or analyses each table of the public schema that is due; returns what it did. */
export async function vacuumWhereDue(db: Db): Promise<VacuumAction[]> {
  const { rows: due } = (await db.execute(
    sql`select relname as "table",
               (n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup) as vacuum
        from pg_stat_user_tables
        where schemaname = 'public'
          and (n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup or n_mod_since_analyze > 50 + 0.1 * n_live_tup)
        order by n_dead_tup desc`,
  )) as unknown as { rows: { table: string; vacuum: boolean }[] };
  const done: VacuumAction[] = [];
  for (const { table, vacuum } of due) {
    const started = performance.now();
    await db.execute(vacuum ? sql`vacuum (analyze) ${sql.identifier(table)}` : sql`analyze ${sql.identifier(table)}`);
    done.push({ table, action: vacuum ? 'vacuum' : 'analyze', ms: Math.round(performance.now() - started) });
  }
  return done;
}

/**
 * Runs `vacuumWhereDue` every `intervalMs` (the first time after one interval), never two at once.
 * Returns the stop function, which waits for a run in progress.
 */
export function startVacuum(db: Db, intervalMs: number, report: { done(actions: VacuumAction[]): void; failed(error: Error): void }): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = vacuumWhereDue(db)
      .then((actions) => {
        if (actions.length) report.done(actions);
      })
      .catch((error: Error) => report.failed(error))
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
