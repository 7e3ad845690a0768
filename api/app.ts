import express, { type Express } from 'express';
import { sql } from 'drizzle-orm';
import type { Database } from '../store/database';

export interface AppContext {
  database: Database;
  engineKind: 'embedded' | 'zeebe';
}

/** The HTTP application. For now: health; the API resources arrive with the API issue. */
export function createApp({ database, engineKind }: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    await database.db.execute(sql`select 1`);
    res.json({ status: 'ok', engine: engineKind, database: database.kind });
  });
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such route' } });
  });
  return app;
}
