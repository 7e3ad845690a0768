import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgliteThread } from './pglite-thread';

/** PGlite on its own thread, as node-postgres sees it through `PgliteThread.socket()`. */
describe('PGlite thread', () => {
  let thread: PgliteThread;
  const clients: pg.Client[] = [];

  const connect = async () => {
    const client = new pg.Client({ user: 'postgres', database: 'postgres', stream: () => thread.socket() });
    client.on('error', () => undefined); // a destroyed connection reports here; the tests look at the queries
    await client.connect();
    clients.push(client);
    return client;
  };
  const count = async (client: pg.Client) => Number((await client.query('select count(*) as n from probe')).rows[0].n);

  beforeEach(async () => {
    thread = await PgliteThread.start('memory://');
    const setup = await connect();
    await setup.query('create table probe (id int primary key)');
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
    await thread.close();
  });

  it('runs another connection only after a transaction ends, so it never sees uncommitted rows', async () => {
    // given a transaction on one connection that inserted a row
    const a = await connect();
    const b = await connect();
    await a.query('begin');
    await a.query('insert into probe values (1)');

    // when another connection asks meanwhile, and the transaction goes on, then rolls back
    const seen = count(b);
    expect(await count(a)).toBe(1);
    await a.query('rollback');

    // then the other connection's answer came after the rollback: no row
    expect(await seen).toBe(0);
  });

  it('keeps the database for a transaction that failed until it is rolled back', async () => {
    // given a transaction whose statement failed
    const a = await connect();
    const b = await connect();
    await a.query('begin');
    await a.query('insert into probe values (1)');
    await expect(a.query('insert into probe values (1)')).rejects.toMatchObject({ code: '23505' });
    const seen = count(b);

    // when the transaction is rolled back
    await a.query('rollback');

    // then the other connection runs, and nothing of the transaction remains
    expect(await seen).toBe(0);
    expect(await count(a)).toBe(0);
  });

  it('rolls back the transaction of a connection that went away, and serves the others', async () => {
    // given a connection that inserted in an open transaction and then broke
    const a = await connect();
    const b = await connect();
    await a.query('begin');
    await a.query('insert into probe values (7)');
    const seen = count(b);
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();

    // then the waiting connection gets its answer, without the row
    expect(await seen).toBe(0);
    expect(await count(b)).toBe(0);
  });

  it('answers each of many concurrent queries over a pool with its own result', async () => {
    // given a pool of four connections
    const pool = new pg.Pool({ max: 4, user: 'postgres', database: 'postgres', stream: () => thread.socket() });
    try {
      // when 200 parameterised queries are sent at once
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => pool.query('select $1::int as i, repeat($2, $1::int % 50) as s', [i, 'x'])));

      // then each answer is the one asked for
      answers.forEach((answer, i) => expect(answer.rows).toEqual([{ i, s: 'x'.repeat(i % 50) }]));
    } finally {
      await pool.end();
    }
  });

  it('carries an answer larger than PGlite hands out at once', async () => {
    // given 100,000 rows of about 100 bytes each (~10 MB on the wire)
    const client = await connect();

    // when they are read
    const { rows } = await client.query("select i, repeat('漢', 30) as s from generate_series(1, 100000) i");

    // then every row arrives intact
    expect(rows).toHaveLength(100_000);
    expect(rows[99_999]).toEqual({ i: 100_000, s: '漢'.repeat(30) });
  });

  it('fails the connections of a thread that stopped, instead of leaving them waiting', async () => {
    // given a connection inside a transaction
    const a = await connect();
    await a.query('begin');
    const failed = new Promise<Error>((resolve) => a.once('error', resolve));

    // when the thread stops under it
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();

    // then the connection fails with the reason, its next query is refused, and a new connection fails too
    expect((await failed).message).toMatch(/PGlite thread exited/);
    await expect(a.query('select 1')).rejects.toThrow();
    await expect(connect()).rejects.toThrow(/PGlite thread exited/);
  });

  it('refuses to start on a folder PGlite cannot use, with the reason', async () => {
    // given a data folder that is a file
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pglite-thread-'));
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, 'x');
    try {
      // then starting fails with an error that names the folder
      await expect(PgliteThread.start(file)).rejects.toThrow(file);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
