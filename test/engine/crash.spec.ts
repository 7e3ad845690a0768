import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { EmbeddedEngine } from '../../engine/embedded';
import { done } from '../../engine/port';
import { queryRows, type Database } from '../../store/database';
import { createTestDatabaseTarget, type TestDatabaseTarget } from '../support/database';

/** Starts the load child and kills it with SIGKILL once `killAfter` instances were acknowledged. */
function runAndKill(location: string, killAfter: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/engine/crash/load.ts', location], { stdio: ['ignore', 'pipe', 'pipe'] });
    const started: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) if (line.startsWith('started ')) started.push(line.slice(8));
      if (started.length >= killAfter && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(started);
      else reject(new Error(`load process exited early (${code}): ${stderr}`));
    });
  });
}

describe('crash recovery (kill -9 mid-load)', () => {
  let target: TestDatabaseTarget;
  let database: Database | undefined;
  let engine: EmbeddedEngine | undefined;

  beforeEach(async () => {
    target = await createTestDatabaseTarget();
  });
  afterEach(async () => {
    await engine?.close();
    await database?.close();
    await target.dispose();
  });

  it('finishes every acknowledged instance after a restart, completing no job twice', async () => {
    // given a load process killed with SIGKILL while instances and jobs are in flight
    const started = await runAndKill(target.location, 400);
    expect(started.length).toBeGreaterThanOrEqual(400);

    // when the engine restarts on the same database with workers for both task types
    database = await target.open();
    engine = await EmbeddedEngine.start({ database, jobPollMs: 50 });
    for (const taskType of ['draft', 'review']) engine.createWorker({ taskType, maxJobsToActivate: 64, handler: () => done.complete({ [`${taskType}Done`]: true }) });

    // then every acknowledged instance completes with both tasks' variables
    const deadline = Date.now() + 60_000;
    let unfinished = started;
    while (unfinished.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      const views = await Promise.all(unfinished.map((key) => engine!.getProcessInstance(key)));
      unfinished = unfinished.filter((_, i) => views[i]?.state !== 'COMPLETED');
    }
    expect(unfinished).toEqual([]);
    const sample = await engine.getProcessInstance(started[started.length - 1]!);
    expect(sample?.variables).toMatchObject({ draftDone: true, reviewDone: true });

    // and the log shows each job completed exactly once and each instance completed once
    const jobCounts = await queryRows<{ created: number; completed: number; twice: number }>(database.db, sql`
      with e as (select ev from engine_event_log, jsonb_array_elements(events) ev)
      select
        (select count(*) from e where ev->>'type' = 'job.created')::int as created,
        (select count(*) from e where ev->>'type' = 'job.completed')::int as completed,
        (select count(*) from (select ev->'payload'->>'jobKey' from e where ev->>'type' = 'job.completed' group by 1 having count(*) > 1) d)::int as twice`);
    expect(jobCounts[0]!.twice).toBe(0);
    const instanceCounts = await queryRows<{ instances: number; completions: number; active: number }>(database.db, sql`
      select
        (select count(*) from process_instances)::int as instances,
        (select count(*) from engine_event_log, jsonb_array_elements(events) ev where ev->>'type' = 'processInstance.completed')::int as completions,
        (select count(*) from process_instances where state <> 'COMPLETED')::int as active`);
    expect(instanceCounts[0]!.completions).toBe(instanceCounts[0]!.instances);
    expect(instanceCounts[0]!.active).toBe(0);
    expect(jobCounts[0]!.completed).toBe(jobCounts[0]!.created);
    expect(jobCounts[0]!.created).toBe(2 * instanceCounts[0]!.instances);
  }, 120_000);
});
