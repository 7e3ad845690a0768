import { Router } from 'express';
import { z } from 'zod';
import { Forbidden } from '../domain/errors';
import { principalOf } from './auth';
import type { ApiContext } from './context';
import { isStaff } from './documents.access';
import { departmentId, isoTimes, openApi, recordId, text } from './documents.http';
import { EVALUATOR_KINDS, EvaluatorService, checkEvaluatorEligibility } from './evaluators.service';
import { parse } from './validate';

const evaluatorId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'expected an id such as evaluator-liaoning-univ');
const newEvaluator = z
  .object({ id: evaluatorId.optional(), name: text(300), kind: z.enum(EVALUATOR_KINDS), qualifications: text(10_000), relatedDepartments: z.array(departmentId).max(200).optional() })
  .strict();
const evaluatorPatch = z
  .object({ name: text(300).optional(), kind: z.enum(EVALUATOR_KINDS).optional(), qualifications: text(10_000).optional(), relatedDepartments: z.array(departmentId).max(200).optional() })
  .strict();
const declaration = z.object({ declaration: text(20_000) }).strict();
const blacklist = z.object({ reason: z.string().max(5_000) }).strict();
const listQuery = z.object({ q: z.string().max(200).optional() }).strict();
const eligibilityQuery = z.object({ department: departmentId }).strict();
const idParams = z.object({ id: recordId }).strict();

/**
 * The evaluator pool (评估机构库):
 * - GET /evaluators?q= (staff; an evaluator user sees only itself) · GET /evaluators/:id
 * - POST /evaluators {id?, name, kind, qualifications, relatedDepartments?} → 201 · PATCH /evaluators/:id ·
 *   DELETE /evaluators/:id → 204 (general-office, admin; not once blacklisted or used)
 * - POST /evaluators/:id/declaration {declaration} (the evaluator itself, general-office, admin)
 * - POST /evaluators/:id/blacklist {reason} (general-office, admin; blank reason → 422 REASON_REQUIRED; never lifted)
 * - GET /evaluators/:id/eligibility?department= → {eligible, reason} (staff)
 */
export function evaluatorRoutes(ctx: ApiContext): Router {
  const db = ctx.database.db;
  const service = new EvaluatorService(db, ctx.audit, ctx.clock);
  const router = Router();
  const describe = openApi('evaluators');
  const office = ['general-office', 'admin'];
  describe('get', '/evaluators', 'The evaluator pool (an evaluator: itself only)', 'any', { query: listQuery });
  describe('post', '/evaluators', 'Add an evaluator to the pool', office, { body: newEvaluator, status: 201 });
  describe('get', '/evaluators/:id', 'An evaluator', 'any', { params: idParams });
  describe('patch', '/evaluators/:id', 'Correct an evaluator', office, { params: idParams, body: evaluatorPatch });
  describe('delete', '/evaluators/:id', 'Remove an unused, never blacklisted evaluator', office, { params: idParams, status: 204 });
  describe('post', '/evaluators/:id/declaration', 'Independence declaration', ['evaluator (itself)', ...office], { params: idParams, body: declaration });
  describe('post', '/evaluators/:id/blacklist', 'Blacklist for misconduct (never commissioned again)', office, { params: idParams, body: blacklist });
  describe('get', '/evaluators/:id/eligibility', 'May the evaluator be commissioned for this department?', 'any', { params: idParams, query: eligibilityQuery });


  router.get('/evaluators', async (req, res) => {
    res.json((await service.list(principalOf(req), parse(listQuery, req.query, 'query'))).map(isoTimes));
  });

  router.post('/evaluators', async (req, res) => {
    res.status(201).json(isoTimes(await service.create(principalOf(req), parse(newEvaluator, req.body))));
  });

  router.get('/evaluators/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.get(principalOf(req), id)));
  });

  router.patch('/evaluators/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.update(principalOf(req), id, parse(evaluatorPatch, req.body))));
  });

  router.delete('/evaluators/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    await service.remove(principalOf(req), id);
    res.status(204).end();
  });

  router.post('/evaluators/:id/declaration', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.declareIndependence(principalOf(req), id, parse(declaration, req.body).declaration)));
  });

  router.post('/evaluators/:id/blacklist', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.blacklist(principalOf(req), id, parse(blacklist, req.body).reason)));
  });

  router.get('/evaluators/:id/eligibility', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    const { department } = parse(eligibilityQuery, req.query, 'query');
    if (!isStaff(principalOf(req))) throw new Forbidden('staff only');
    res.json(await checkEvaluatorEligibility(db, id, department));
  });

  return router;
}
