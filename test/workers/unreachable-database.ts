import net from 'node:net';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../../store/database';
import * as schema from '../../store/schema';

/**
 * A database that went away: the real PostgreSQL driver pointed at a loopback port nobody
 * listens on, so every query fails with a connection error as it would during an outage.
 */
export async function unreachableDatabase(): Promise<{ db: Db; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const pool = new pg.Pool({ connectionString: `postgres://policy-flow@127.0.0.1:${port}/gone`, connectionTimeoutMillis: 1_000, max: 1 });
  return { db: drizzle(pool, { schema }) as unknown as Db, close: () => pool.end() };
}
