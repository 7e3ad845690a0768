import { Router } from 'express';
import { z } from 'zod';
import { principalOf, requireRole } from './auth';
import { ClockService } from './admin.service';
import type { ApiContext } from './context';
import { describeRoute } from './openapi';
import { parse } from './validate';

export const clockBody = z
  .object({
    pin: z.iso
      .datetime({ offset: true })
      .transform((value) => Date.parse(value))
      .optional(),
    /** At most ten years at once. */
    advanceMs: z.number().int().min(0).max(3660 * 24 * 3600 * 1000).optional(),
  })
  .strict();

/**
 * `/admin` (mounted behind `authenticate`): `POST /admin/clock` exists only when the engine runs
 * on the controlled clock (ENGINE_CLOCK=controlled); otherwise the route is absent (404).
 */
export function adminRoutes(ctx: ApiContext): Router {
  const router = Router();
  const controlled = ctx.controlledClock;
  if (!controlled) return router;
  const clock = new ClockService(controlled, ctx.audit);
  describeRoute({ method: 'post', path: '/api/admin/clock', summary: 'Pin or advance the engine clock (ENGINE_CLOCK=controlled only)', tags: ['admin'], roles: ['admin'], body: clockBody, response: z.object({ now: z.string() }) });
  router.post('/clock', requireRole('admin'), async (req, res) => {
    res.json(await clock.move(parse(clockBody, req.body), principalOf(req)));
  });
  return router;
}
