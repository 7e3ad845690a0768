import { Router } from 'express';
import { z } from 'zod';
import { Forbidden } from '../domain/errors';
import { principalOf } from './auth';
import type { ApiContext } from './context';
import { isStaff } from './documents.access';
import { departmentId, isoTimes, openApi, recordId, text } from './documents.http';
import { isoInstant } from './documents.schemas';
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

const evaluatorSchema = z.object({
  id: z.string().describe('also the department id of the evaluator organisation\'s users'),
  name: z.string(),
  kind: z.enum(EVALUATOR_KINDS),
  qualifications: z.string(),
  relatedDepartments: z.array(z.string()).describe('departments it has organisation, staff or funding ties with: never evaluates their policies'),
  independenceDeclaration: z.string().nullable(),
  declaredAt: isoInstant.nullable(),
  blacklistedAt: isoInstant.nullable().describe('set once for misconduct: never commissioned again'),
  blacklistReason: z.string().nullable(),
  blacklistedBy: z.string().nullable(),
  createdAt: isoInstant,
});
const eligibility = z.object({ eligible: z.boolean(), reason: z.string().nullable().describe('why not (in Chinese); null when eligible') });

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
  describe('get', '/evaluators', 'The evaluator pool (an evaluator: itself only)', 'any', { query: listQuery, response: z.array(evaluatorSchema) });
  describe('post', '/evaluators', 'Add an evaluator to the pool (409 EVALUATOR_EXISTS)', office, { body: newEvaluator, status: 201, response: evaluatorSchema, errors: [409] });
  describe('get', '/evaluators/:id', 'An evaluator', 'any', { params: idParams, response: evaluatorSchema, errors: [404] });
  describe('patch', '/evaluators/:id', 'Correct an evaluator', office, { params: idParams, body: evaluatorPatch, response: evaluatorSchema, errors: [404] });
  describe('delete', '/evaluators/:id', 'Remove an unused, never blacklisted evaluator (409 BLACKLISTED, EVALUATOR_IN_USE)', office, { params: idParams, status: 204, errors: [404, 409] });
  describe('post', '/evaluators/:id/declaration', 'Independence declaration (409 BLACKLISTED)', ['evaluator (itself)', ...office], { params: idParams, body: declaration, response: evaluatorSchema, errors: [404, 409] });
  describe('post', '/evaluators/:id/blacklist', 'Blacklist for misconduct, never commissioned again (422 REASON_REQUIRED, 409 ALREADY_BLACKLISTED)', office, { params: idParams, body: blacklist, response: evaluatorSchema, errors: [404, 409, 422] });
  describe('get', '/evaluators/:id/eligibility', 'May the evaluator be commissioned for this department? (staff; an unknown evaluator is not eligible)', 'any', { params: idParams, query: eligibilityQuery, response: eligibility });


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
