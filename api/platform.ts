import { Router, type RequestHandler } from 'express';
import { Invalid } from '../domain/errors';
import { adminRoutes } from './admin.routes';
import { auditRoutes } from './audit.routes';
import { authenticate } from './auth';
import { authRoutes } from './auth.routes';
import { calendarRoutes } from './calendar.routes';
import type { ApiContext } from './context';
import { definitionsRoutes } from './definitions.routes';
import { departmentsRoutes } from './departments.routes';
import { elementTemplateRoutes, formsRoutes } from './forms.routes';
import { incidentsRoutes } from './incidents.routes';
import { instancesRoutes, messagesRoutes } from './instances.routes';
import { requestMetrics } from './metrics';
import { openApiRoutes } from './openapi';

/** NUL, or a UTF-16 surrogate without its partner: text PostgreSQL refuses to store (it would be a 500). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (value === null || typeof value !== 'object' || depth > 64) return depth > 64;
  return Object.entries(value).some(([key, inner]) => UNSTORABLE.test(key) || hasUnstorableText(inner, depth + 1));
}

/**
 * Refuses (400) any API request whose JSON body, query or path carries text the database cannot
 * store, before a route sees it. Runs for every /api route, the other areas' included.
 */
export const refuseUnstorableText: RequestHandler = (req, _res, next) => {
  if (hasUnstorableText(req.body) || hasUnstorableText(req.query) || UNSTORABLE.test(safeDecode(req.path))) {
    throw new Invalid('the request contains a NUL character or a broken UTF-16 surrogate', [{ field: '(request)', message: 'unstorable character' }]);
  }
  next();
};

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '\u0000'; // a malformed escape is refused the same way
  }
}

/**
 * Identity, definitions, forms, templates, instances, messages, incidents, calendar, departments, audit, admin,
 * OpenAPI. Mounted first under /api, so its request timer sees every API request. Each resource
 * is mounted on its own path behind `authenticate`, so the other areas' public routes are never
 * asked for a token here; login, refresh and the OpenAPI document are public.
 */
export function platformRoutes(ctx: ApiContext): Router {
  const router = Router();
  const loggedIn = authenticate(ctx.tokens);
  router.use(requestMetrics(ctx));
  router.use(refuseUnstorableText);
  router.use(authRoutes(ctx));
  router.use(openApiRoutes());
  router.use('/definitions', loggedIn, definitionsRoutes(ctx));
  router.use('/forms', loggedIn, formsRoutes(ctx));
  router.use('/element-templates', loggedIn, elementTemplateRoutes());
  router.use('/instances', loggedIn, instancesRoutes(ctx));
  router.use('/messages', loggedIn, messagesRoutes(ctx));
  router.use('/incidents', loggedIn, incidentsRoutes(ctx));
  router.use('/calendar', loggedIn, calendarRoutes(ctx));
  router.use('/departments', loggedIn, departmentsRoutes(ctx));
  router.use('/audit', loggedIn, auditRoutes(ctx));
  // without the controlled clock the admin routes do not exist at all (404, not 401)
  if (ctx.controlledClock) router.use('/admin', loggedIn, adminRoutes(ctx));
  return router;
}
