import { Router } from 'express';
import { z } from 'zod';
import { EmbeddedEngine } from '../engine/embedded';
import { ObservationRepository } from '../engine/zeebe';
import { principalOf, requireRole } from './auth';
import type { ApiContext } from './context';
import { IncidentService } from './incidents.service';
import { engineKey, incidentSchema, observedOf } from './instances.routes';
import { describeRoute } from './openapi';
import { parse } from './validate';

const listQuery = z.object({ state: z.enum(['ACTIVE', 'RESOLVED']).optional() }).strict();
const keyParams = z.object({ key: engineKey }).strict();
/** On Zeebe, for an incident a worker of this app raised: the incident key Operate shows (the broker never returned it). */
const resolveBody = z.object({ incidentKey: engineKey.optional() }).strict();
/** Who watches and resolves incidents. */
const OPERATORS = ['admin', 'supervisor', 'general-office'] as const;

/** `/incidents` (mounted behind `authenticate`): admins, supervisors and the General Office. */
export function incidentsRoutes(ctx: ApiContext): Router {
  const router = Router();
  const observed = observedOf(ctx);
  const incidents = new IncidentService({
    engine: ctx.engine,
    reader: ctx.engine instanceof EmbeddedEngine ? ctx.engine : undefined,
    observed: observed && { ...observed, recorder: new ObservationRepository(ctx.database.db) },
    audit: ctx.audit,
    now: () => ctx.clock.now(),
  });
  const tags = ['incidents'];

  describeRoute({ method: 'get', path: '/api/incidents', summary: 'Incidents (all, or of one state); on Zeebe those raised by this app\'s workers', tags, roles: OPERATORS, query: listQuery, response: z.array(incidentSchema) });
  router.get('/', requireRole(...OPERATORS), async (req, res) => {
    const { state } = parse(listQuery, req.query, 'query');
    res.json(await incidents.list(state));
  });

  describeRoute({ method: 'post', path: '/api/incidents/:key/resolve', summary: 'Resolve an incident (a job incident gets one retry first); on Zeebe a worker incident needs incidentKey once', tags, roles: OPERATORS, params: keyParams, body: resolveBody, status: 204, errors: [404, 409, 422] });
  router.post('/:key/resolve', requireRole(...OPERATORS), async (req, res) => {
    const { key } = parse(keyParams, req.params, 'path');
    const { incidentKey } = parse(resolveBody, req.body ?? {});
    await incidents.resolve(key, principalOf(req), { incidentKey });
    res.status(204).end();
  });
  return router;
}
