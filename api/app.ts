import express, { type Express } from 'express';
import helmet from 'helmet';
import { sql } from 'drizzle-orm';
import type { ApiContext } from './context';
import { errorHandler, notFoundHandler } from './errors';
import { inboxRoutes } from './inbox';
import { metricsHandler } from './metrics';
import { platformRoutes } from './platform';
import { recordsRoutes } from './records';

/**
 * The HTTP application: JSON API under /api (routes → services → repositories), health, and the
 * web UI. Every error leaves as `{ error: { code, message, details? } }`.
 */
export function createApp(ctx: ApiContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('json escape', true);
  app.use(helmet());
  if (ctx.config.CORS_ORIGINS) {
    const allowed = new Set(ctx.config.CORS_ORIGINS);
    app.use((req, res, next) => {
      const origin = req.headers.origin;
      if (origin && allowed.has(origin)) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Vary', 'Origin');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      }
      if (req.method === 'OPTIONS') res.status(204).end();
      else next();
    });
  }
  app.use(express.json({ limit: ctx.config.BODY_LIMIT, strict: true }));
  app.use(express.text({ type: ['application/xml', 'text/xml'], limit: ctx.config.BODY_LIMIT }));

  app.get('/healthz', async (_req, res) => {
    await ctx.database.db.execute(sql`select 1`);
    res.json({ status: 'ok', engine: ctx.engineKind, database: ctx.database.kind });
  });
  app.get('/metrics', metricsHandler(ctx));
  app.use('/api', platformRoutes(ctx), inboxRoutes(ctx), recordsRoutes(ctx));
  app.use('/api', notFoundHandler);
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
