import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiContext } from './context';
import { errorHandler, notFoundHandler } from './errors';
import { inboxRoutes } from './inbox';
import { metricsHandler } from './metrics';
import { platformRoutes } from './platform';
import { recordsRoutes } from './records';

/** Where `npm run build:ui` (run by `npm start`) puts the web UI. */
export const UI_DIR = path.resolve('ui/dist');

/** Encodings the build writes beside compressible assets (vite.config.ts), in order of preference. */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/**
 * Hashed assets (`/assets/<name>-<hash>.<ext>`), cached for a year as immutable. When the build
 * wrote `<file>.br` / `<file>.gz`, a client that accepts the encoding gets that file instead (no
 * compression per request); everything else is sent as it is.
 */
function serveAssets(dir: string): express.RequestHandler {
  const files = new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  const plain = express.static(dir, { immutable: true, maxAge: '365d', index: false, fallthrough: false });
  return (req, res, next) => {
    const name = req.path.slice(1);
    const variants = PRECOMPRESSED.filter((variant) => files.has(name + variant.suffix));
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !files.has(name) || !variants.length) return plain(req, res, next);
    res.vary('Accept-Encoding');
    const accepted = req.acceptsEncodings(...variants.map((variant) => variant.encoding), 'identity');
    const chosen = variants.find((variant) => variant.encoding === accepted);
    if (!chosen) return plain(req, res, next);
    res.type(path.extname(name));
    res.setHeader('Content-Encoding', chosen.encoding);
    res.sendFile(name + chosen.suffix, { root: dir, immutable: true, maxAge: '365d', acceptRanges: false, dotfiles: 'deny' }, (error) => error && next(error));
  };
}

/** A built asset's address (what a route hint may name). */
const ASSET = z.string().regex(/^\/assets\/[\w.-]+(\?[\w=&.-]*)?$/);

/**
 * What the UI build wrote for each route (vite.config.ts `routeHints`, ui/dist/.vite/route-hints.json):
 * the files its page loads, named in index.html so the browser fetches them with the app's own code.
 */
const ROUTE_HINTS = z.array(
  z.object({ path: z.string().startsWith('/'), modules: z.array(ASSET), styles: z.array(ASSET), fonts: z.array(ASSET), later: z.array(ASSET) }),
);
type RouteHints = z.infer<typeof ROUTE_HINTS>[number];

/** Whether `pathname` matches a route pattern of ui/routes.ts (`:name` segments match any one segment). */
function matchesRoute(pattern: string, pathname: string): boolean {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  return want.length === have.length && want.every((segment, i) => segment.startsWith(':') || segment === have[i]);
}

/** The `<link>`s for a route: its chunks (fetched and compiled at once), CSS and fonts (fetched), later chunks (fetched when idle). */
function hintLinks(route: RouteHints): string {
  return [
    ...route.modules.map((href) => `<link rel="modulepreload" crossorigin href="${href}">`),
    ...route.styles.map((href) => `<link rel="preload" as="style" crossorigin href="${href}">`),
    ...route.fonts.map((href) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="${href}">`),
    ...route.later.map((href) => `<link rel="prefetch" crossorigin href="${href}">`),
  ]
    .map((link) => `    ${link}\n`)
    .join('');
}

/**
 * index.html for a path: with the links of the path's route (ROUTE_HINTS) before `</head>`, so a
 * page's chunks download beside the app's entry instead of after it has run. Read again when the
 * UI is rebuilt (index.html changes); without route hints, index.html as built.
 */
function indexPages(dir: string): (pathname: string) => string {
  const index = path.join(dir, 'index.html');
  const hintsFile = path.join(dir, '.vite/route-hints.json');
  let built = -1;
  let html = '';
  let routes: RouteHints[] = [];
  let pages = new Map<RouteHints, string>();
  return (pathname) => {
    const modified = fs.statSync(index).mtimeMs;
    if (modified !== built) {
      built = modified;
      html = fs.readFileSync(index, 'utf8');
      const parsed = fs.existsSync(hintsFile) ? ROUTE_HINTS.safeParse(JSON.parse(fs.readFileSync(hintsFile, 'utf8'))) : null;
      routes = parsed?.success ? parsed.data : [];
      pages = new Map();
    }
    const route = routes.find((candidate) => matchesRoute(candidate.path, pathname));
    if (!route || !html.includes('</head>')) return html;
    let page = pages.get(route);
    if (page === undefined) {
      page = html.replace(/([ \t]*)<\/head>/, (_head, indent: string) => `${hintLinks(route)}${indent}</head>`);
      pages.set(route, page);
    }
    return page;
  };
}

/**
 * The web UI: hashed assets cached for a year (compressed when the build compressed them), index.html
 * (with the links of the path's route, see indexPages) never cached and answered for every other GET
 * outside /api, /healthz and /metrics (the UI routes in the browser). Nothing is served when the UI
 * was not built.
 */
export function serveUi(app: Express, dir: string): void {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return;
  const pageFor = indexPages(dir);
  app.use('/assets', serveAssets(path.join(dir, 'assets')));
  app.use(express.static(dir, { index: false, maxAge: 0 }));
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(pageFor(req.path));
  });
}

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
  serveUi(app, ctx.uiDir ?? UI_DIR);
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
