import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';
import type { ApiContext } from './context';

/**
 * Prometheus metrics of one running app: request durations by method, route and status, and the
 * engine's events by type. One registry per context (never prom-client's global one), so
 * several apps in one process (tests) do not collide.
 */
export interface ApiMetrics {
  registry: Registry;
  requests: Histogram<'method' | 'route' | 'status'>;
  engineEvents: Counter<'type'>;
}

const byContext = new WeakMap<ApiContext, ApiMetrics>();

/** The metrics of this context, created (and subscribed to the engine's events) on first use. */
export function metricsFor(ctx: ApiContext): ApiMetrics {
  const existing = byContext.get(ctx);
  if (existing) return existing;
  const registry = new Registry();
  const requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const engineEvents = new Counter({ name: 'engine_events_total', help: 'Engine events seen by this process, by type', labelNames: ['type'] as const, registers: [registry] });
  ctx.engine.onEvent((event) => engineEvents.inc({ type: event.type }));
  const metrics = { registry, requests, engineEvents };
  byContext.set(ctx, metrics);
  return metrics;
}

/**
 * Times every request that passes (mount first under /api). The route label is the matched
 * route pattern (`/api/instances/:key`), never the raw URL, so label values stay few.
 */
export function requestMetrics(ctx: ApiContext): RequestHandler {
  const { requests } = metricsFor(ctx);
  return (req, res, next) => {
    const stop = requests.startTimer();
    res.on('finish', () => {
      stop({ method: req.method, route: routeLabel(req.route?.path, req.originalUrl), status: String(res.statusCode) });
    });
    next();
  };
}

/**
 * The full route pattern of a request: the mount path (taken from the URL, as many leading
 * segments as the URL has beyond the matched route's own) plus that route's pattern, e.g.
 * `/api/definitions/:processId`. Read from the URL because Express resets `baseUrl` when an
 * error leaves a nested router.
 */
export function routeLabel(pattern: unknown, originalUrl: string): string {
  if (typeof pattern !== 'string') return 'unmatched';
  const own = pattern.split('/').filter(Boolean);
  const segments = originalUrl.split('?')[0]!.split('/').filter(Boolean);
  return `/${[...segments.slice(0, Math.max(0, segments.length - own.length)), ...own].join('/')}`;
}

/** `GET /metrics` in the Prometheus text format. Mount at the root of the app: `app.get('/metrics', metricsHandler(ctx))`. */
export function metricsHandler(ctx: ApiContext): RequestHandler {
  const { registry } = metricsFor(ctx);
  return async (_req, res) => {
    res.setHeader('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  };
}
