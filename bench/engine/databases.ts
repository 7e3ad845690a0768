import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../store/database';

/** A database the bench creates for itself and removes afterwards; `open` may be called again (cold restart). */
export interface BenchDatabase {
  /** Column label, e.g. `PGlite (disk)`. */
  label: string;
  /** Where it lives, for the log (no credentials). */
  location: string;
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

/** PGlite on disk in a fresh folder under the OS temp dir. */
export function temporaryPglite(): BenchDatabase {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-pglite-'));
  return {
    label: 'PGlite (disk)',
    location: dataDir,
    open: () => openDatabase({ dataDir }),
    dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/**
 * A fresh database on the PostgreSQL server behind `adminUrl`, dropped on dispose (as
 * test/support/database.ts does for suites). Resolves with the reason instead when the server
 * cannot be reached.
 */
export async function temporaryServerDatabase(adminUrl: string): Promise<BenchDatabase | { skipped: string }> {
  const name = `bench_${crypto.randomBytes(6).toString('hex')}`;
  try {
    await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    const server = new URL(adminUrl);
    return { skipped: `PostgreSQL server ${server.hostname}:${server.port || 5432} unreachable (${(error as Error).message})` };
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    label: 'Postgres server',
    location: `${url.hostname}:${url.port || 5432}/${name}`,
    open: () => openDatabase({ url: url.toString() }),
    dispose: () => dropWhenDisconnected(adminUrl, name),
  };
}

/**
 * Drops the bench database once the engine's connections are gone. `pg.Pool#end` resolves before
 * its sockets close, and `WITH (FORCE)` would terminate a closing connection whose error then
 * crashes the process; so wait for them (55006: still in use), forcing only after 10 s.
 */
async function dropWhenDisconnected(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name}`));
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function withClient(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
