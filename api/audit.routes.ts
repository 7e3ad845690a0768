import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from './auth';
import { AuditQueries } from './audit.queries';
import type { ApiContext } from './context';
import { describeRoute } from './openapi';
import { parse } from './validate';

const instant = z.iso.datetime({ offset: true }).transform((value) => Date.parse(value));
export const auditQuery = z
  .object({
    actor: z.string().min(1).max(200).optional(),
    action: z.string().min(1).max(200).optional(),
    resource: z.string().min(1).max(200).optional(),
    resourceId: z.string().min(1).max(200).optional(),
    from: instant.optional(),
    to: instant.optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
const entry = z.object({ id: z.number().int(), at: z.string(), actor: z.string(), action: z.string(), resource: z.string(), resourceId: z.string().nullable(), before: z.unknown(), after: z.unknown() });

/** `/audit` (mounted behind `authenticate`): admins and supervisors read the append-only log. */
export function auditRoutes(ctx: ApiContext): Router {
  const router = Router();
  const audit = new AuditQueries(ctx.database.db);
  describeRoute({
    method: 'get',
    path: '/api/audit',
    summary: 'The audit log (who, what, when, before/after), newest first',
    tags: ['audit'],
    roles: ['admin', 'supervisor'],
    query: auditQuery,
    response: z.object({ items: z.array(entry), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
  });
  router.get('/', requireRole('admin', 'supervisor'), async (req, res) => {
    res.json(await audit.page(parse(auditQuery, req.query, 'query')));
  });
  return router;
}
