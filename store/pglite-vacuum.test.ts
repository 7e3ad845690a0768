import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from './database';
import { startVacuum, vacuumWhereDue, type VacuumAction } from './pglite-vacuum';

/** PGlite has no autovacuum: `vacuumWhereDue` does its work on the tables past its thresholds. */
describe('PGlite vacuum', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    await database.db.execute(sql`create table churn (id int primary key, v int)`);
    await database.db.execute(sql`create table steady (id int primary key, v int)`);
    await database.db.execute(sql`insert into churn select g, 0 from generate_series(1, 2000) g`);
    await database.db.execute(sql`insert into steady select g, 0 from generate_series(1, 2000) g`);
    // the inserts' statistics are flushed before the vacuum resets them
    await database.db.execute(sql`select pg_stat_force_next_flush()`);
    await database.db.execute(sql`select 1`);
    await database.db.execute(sql`vacuum (analyze) churn`);
    await database.db.execute(sql`vacuum (analyze) steady`);
  });
  afterEach(() => database.close());

  const stats = async (table: string) => {
    await database.db.execute(sql`select pg_stat_force_next_flush()`);
    const [row] = await queryRows<{ dead: string; vacuumed: number }>(
      database.db,
      sql`select n_dead_tup as dead, vacuum_count as vacuumed from pg_stat_user_tables where relname = ${table}`,
    );
    return { dead: Number(row!.dead), vacuumed: Number(row!.vacuumed) };
  };

  it('vacuums a table whose dead rows passed the threshold, and leaves the others alone', async () => {
    // given half of one table updated (1,000 dead rows > 50 + 20 % of 2,000) and a few rows of the other (10 < 450)
    await database.db.execute(sql`update churn set v = 1 where id <= 1000`);
    await database.db.execute(sql`update steady set v = 1 where id <= 10`);
    const before = { churn: await stats('churn'), steady: await stats('steady') };

    // when the tables due are vacuumed
    const actions = await vacuumWhereDue(database.db);

    // then only the churned table was vacuumed, and its dead rows are gone
    expect(before.churn.dead).toBe(1000);
    expect(actions.filter((a) => a.table === 'churn' || a.table === 'steady').map(({ table, action }) => ({ table, action }))).toEqual([{ table: 'churn', action: 'vacuum' }]);
    expect(await stats('churn')).toEqual({ dead: 0, vacuumed: before.churn.vacuumed + 1 });
    expect(await stats('steady')).toEqual(before.steady);
  });

  it('runs on its interval until stopped', async () => {
    // given a churned table and the vacuum every 50 ms
    await database.db.execute(sql`update churn set v = 2`);
    const runs: VacuumAction[][] = [];
    const failures: Error[] = [];
    const stop = startVacuum(database.db, 50, { done: (actions) => runs.push(actions), failed: (error) => failures.push(error) });

    // when it has had its turn
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (runs.some((r) => r.some((a) => a.table === 'churn'))) resolve(clearInterval(poll));
      }, 20);
    });
    await stop();

    // then it vacuumed the table without failing, and does nothing once stopped
    expect(failures).toEqual([]);
    expect((await stats('churn')).dead).toBe(0);
    const seen = runs.length;
    await database.db.execute(sql`update churn set v = 3`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(runs.length).toBe(seen);
  });
});
