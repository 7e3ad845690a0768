import { Router } from 'express';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { departments } from '../store/schema';
import type { ApiContext } from './context';
import { describeRoute } from './openapi';

const department = z.object({ id: z.string(), name: z.string(), nameEn: z.string(), kind: z.enum(['office', 'department', 'district', 'evaluator']) });

/**
 * `/departments` (mounted behind `authenticate`): every registered department, office, district
 * and evaluator organisation, so the web UI can show names where the API gives ids.
 */
export function departmentsRoutes(ctx: ApiContext): Router {
  const router = Router();
  describeRoute({ method: 'get', path: '/api/departments', summary: 'Every department with its Chinese and English name', tags: ['departments'], roles: 'any', response: z.array(department) });
  router.get('/', async (_req, res) => {
    const rows = await ctx.database.db
      .select({ id: departments.id, name: departments.name, nameEn: departments.nameEn, kind: departments.kind })
      .from(departments)
      .orderBy(asc(departments.id));
    res.json(rows);
  });
  return router;
}
