import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestDatabaseTarget, type TestDatabaseTarget } from '../test/support/database';
import { DatabaseClaimed, queryRows } from './database';
import { engineMeta } from './schema';

describe('store', () => {
  let target: TestDatabaseTarget;
  beforeEach(async () => {
    target = await createTestDatabaseTarget();
  });
  afterEach(() => target.dispose());

  it('applies the migrations on open and keeps data across a reopen', async () => {
    // given a freshly migrated database with one row written
    const first = await target.open();
    const tables = await queryRows<{ table_name: string }>(first.db, sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
    expect(tables.map((t) => t.table_name)).toEqual([
      'audit_log', 'calendar_overrides', 'catalogue_entries', 'cleanup_campaigns', 'cleanup_items', 'comments', 'consultations', 'decision_definitions', 'decision_requirements', 'departments', 'deployments', 'document_processes', 'document_versions', 'documents', 'engine_event_log', 'engine_meta', 'evaluation_projects', 'evaluators', 'expert_opinions', 'forms', 'incidents', 'jobs', 'meetings', 'message_correlations', 'message_subscriptions', 'messages', 'notification_deliveries', 'notifications', 'process_definitions', 'process_instances', 'publications', 'refresh_tokens', 'research_reports', 'signal_subscriptions', 'signatures', 'stakeholder_pushes', 'stakeholders', 'task_candidates', 'tasks', 'timers', 'users', 'zeebe_incidents', 'zeebe_instances', 'zeebe_observations',
    ]);
    await first.db.insert(engineMeta).values({ name: 'probe', value: 42 });
    await first.close();

    // when it is opened again (migrations run again and must be a no-op)
    const second = await target.open();

    // then the row is still there
    const rows = await second.db.select().from(engineMeta);
    expect(rows).toEqual([{ name: 'probe', value: 42 }]);
    await second.close();
  });

  it('lets only one engine process claim a database', async () => {
    // given one claim held
    const database = await target.open();
    const release = await database.claimEngine();

    // when a second process-level claim is attempted (simulated by a second open on the same target)
    const other = await target.open();
    const attempt = target.kind === 'postgres' ? other.claimEngine() : claimFromAnotherPid(target.location);

    // then it is refused until the first is released
    await expect(attempt).rejects.toBeInstanceOf(DatabaseClaimed);
    await release();
    const again = await other.claimEngine();
    await again();
    await other.close();
    await database.close();
  });
});

/** A PGlite folder claim is per process: write a live foreign pid (our parent's) and try. */
async function claimFromAnotherPid(dataDir: string): Promise<void> {
  const file = path.join(dataDir, 'engine.pid');
  const mine = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, String(process.ppid));
  const { openDatabase } = await import('./database');
  const database = await openDatabase({ dataDir });
  try {
    await database.claimEngine();
  } finally {
    fs.writeFileSync(file, mine);
    await database.close();
  }
}
