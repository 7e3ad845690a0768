import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../config';
import { openDatabase, type Database } from '../../store/database';

/** Where a suite's data lives: a PGlite folder or a database on the PostgreSQL server. */
export interface TestDatabaseTarget {
  kind: 'pglite' | 'postgres';
  /** A data folder (PGlite) or a postgres:// URL. */
  location: string;
  open(): Promise<Database>;
  /** Removes the folder or drops the database. */
  dispose(): Promise<void>;
}

/**
 * A fresh place for a suite's data: a temporary PGlite folder by default, or — when
 * `TEST_DATABASE_URL` is set — a new database on that PostgreSQL server.
 */
export async function createTestDatabaseTarget(): Promise<TestDatabaseTarget> {
  const serverUrl = loadConfig().TEST_DATABASE_URL;
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-flow-test-'));
    return { kind: 'pglite', location: dir, open: () => openDatabase({ dataDir: dir }), dispose: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { kind: 'postgres', location: url.toString(), open: () => openDatabase({ url: url.toString() }), dispose: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database for one suite: PGlite in memory by default, or a new database on
 * the `TEST_DATABASE_URL` server, dropped on close.
 */
export async function openTestDatabase(): Promise<Database> {
  if (!loadConfig().TEST_DATABASE_URL) return openDatabase({ dataDir: 'memory://' });
  const target = await createTestDatabaseTarget();
  const database = await target.open();
  return {
    ...database,
    async close() {
      await database.close();
      await target.dispose();
    },
  };
}
