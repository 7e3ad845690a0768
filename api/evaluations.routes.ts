import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from './auth';
import type { ApiContext } from './context';
import { departmentId, instant, isoTimes, openApi, recordId, text } from './documents.http';
import { isoInstant } from './documents.schemas';
import { EVALUATION_STATUSES, EvaluationService, PROCUREMENT_METHODS, RECOMMENDATIONS } from './evaluations.service';
import { parse } from './validate';

const listQuery = z.object({ status: z.enum(EVALUATION_STATUSES).optional(), documentId: recordId.optional() }).strict();
const newProject = z
  .object({ documentId: recordId, subject: text(500), scope: text(10_000), responsibleDept: departmentId.optional(), processInstanceKey: z.string().regex(/^\d{1,20}$/).optional() })
  .strict();
const approval = z.object({ decision: z.enum(['approved', 'rejected']) }).strict();
const contract = z
  .object({
    procurementMethod: z.enum(PROCUREMENT_METHODS),
    evaluatorId: recordId,
    contractNumber: text(100),
    contractSignedAt: instant,
    fee: z.number().int().min(0).max(2_000_000_000),
    reportDueAt: instant,
  })
  .strict();
const plan = z.object({ plan: text(200_000) }).strict();
const planReview = z.object({ approved: z.boolean() }).strict();
const report = z.object({ report: text(1_000_000), recommendation: z.enum(RECOMMENDATIONS).optional() }).strict();
const acceptance = z.object({ accepted: z.boolean() }).strict();
const payment = z.object({ paidAt: instant.optional() }).strict();
const recommendation = z.object({ recommendation: z.enum(RECOMMENDATIONS) }).strict();
const empty = z.object({}).strict();
const idParams = z.object({ id: recordId }).strict();

/** A project with every step's record; the steps not yet taken are null. */
const projectSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  subject: z.string(),
  scope: z.string(),
  responsibleDept: z.string(),
  status: z.enum(EVALUATION_STATUSES),
  procurementMethod: z.enum(PROCUREMENT_METHODS).nullable(),
  evaluatorId: z.string().nullable(),
  contractNumber: z.string().nullable(),
  contractSignedAt: isoInstant.nullable(),
  fee: z.number().int().nullable(),
  reportDueAt: isoInstant.nullable(),
  plan: z.string().nullable(),
  planApprovedAt: isoInstant.nullable(),
  report: z.string().nullable(),
  reportSubmittedAt: isoInstant.nullable(),
  acceptedAt: isoInstant.nullable(),
  paidAt: isoInstant.nullable(),
  recommendation: z.enum(RECOMMENDATIONS).nullable(),
  processInstanceKey: z.string().nullable(),
  createdBy: z.string(),
  createdAt: isoInstant,
});

/**
 * Third-party evaluation projects (staff see all; an evaluator user only its own, others are 404):
 * - GET /evaluation-projects?status=&documentId= · GET /evaluation-projects/:id
 * - POST /evaluation-projects {documentId, subject, scope, responsibleDept?} → 201 (general-office, admin)
 * - POST /evaluation-projects/:id/approval {decision: approved|rejected} (leader, admin)
 * - POST /evaluation-projects/:id/contract {procurementMethod, evaluatorId, contractNumber, contractSignedAt, fee, reportDueAt}
 *   (general-office, admin; ineligible evaluator → 422 EVALUATOR_INELIGIBLE)
 * - PUT /evaluation-projects/:id/plan {plan} (the contracted evaluator, general-office, admin)
 * - POST /evaluation-projects/:id/plan-review {approved} (general-office, admin)
 * - PUT /evaluation-projects/:id/report {report, recommendation?} (the contracted evaluator, admin)
 * - POST /evaluation-projects/:id/acceptance {accepted} (general-office, admin) · POST .../payment {paidAt?} (finance, admin)
 * - PUT /evaluation-projects/:id/recommendation {recommendation} · POST .../close {} (general-office, admin)
 * Steps out of order → 409 INVALID_TRANSITION.
 */
export function evaluationRoutes(ctx: ApiContext): Router {
  const service = new EvaluationService(ctx.database.db, ctx.audit, ctx.clock);
  const router = Router();
  const describe = openApi('evaluation-projects');
  const office = ['general-office', 'admin'];
  // every step: 404 for a project not visible, 409 INVALID_TRANSITION when out of order
  const step = { response: projectSchema, errors: [404, 409] };
  describe('get', '/evaluation-projects', 'Evaluation projects (an evaluator: its own only)', 'any', { query: listQuery, response: z.array(projectSchema) });
  describe('post', '/evaluation-projects', 'Propose a project', office, { body: newProject, status: 201, response: projectSchema, errors: [404] });
  describe('get', '/evaluation-projects/:id', 'A project', 'any', { params: idParams, response: projectSchema, errors: [404] });
  describe('post', '/evaluation-projects/:id/approval', 'City government approval', ['leader', 'admin'], { params: idParams, body: approval, ...step });
  describe('post', '/evaluation-projects/:id/contract', 'Service contract with an eligible evaluator (422 EVALUATOR_INELIGIBLE, REPORT_DUE_BEFORE_CONTRACT)', office, { params: idParams, body: contract, response: projectSchema, errors: [404, 409, 422] });
  describe('put', '/evaluation-projects/:id/plan', 'Evaluation plan', ['evaluator (contracted)', ...office], { params: idParams, body: plan, ...step });
  describe('post', '/evaluation-projects/:id/plan-review', 'Approve or return the plan (409 PLAN_MISSING)', office, { params: idParams, body: planReview, ...step });
  describe('put', '/evaluation-projects/:id/report', 'Evaluation report', ['evaluator (contracted)', 'admin'], { params: idParams, body: report, ...step });
  describe('post', '/evaluation-projects/:id/acceptance', 'Accept the results or return them for rework', office, { params: idParams, body: acceptance, ...step });
  describe('post', '/evaluation-projects/:id/payment', 'Payment', ['finance', 'admin'], { params: idParams, body: payment, ...step });
  describe('put', '/evaluation-projects/:id/recommendation', 'What the results lead to', office, { params: idParams, body: recommendation, ...step });
  describe('post', '/evaluation-projects/:id/close', 'Close a paid project (409 RECOMMENDATION_MISSING)', office, { params: idParams, body: empty, ...step });

  const id = (params: unknown) => parse(idParams, params, 'path').id;

  router.get('/evaluation-projects', async (req, res) => {
    res.json((await service.list(principalOf(req), parse(listQuery, req.query, 'query'))).map(isoTimes));
  });
  router.post('/evaluation-projects', async (req, res) => {
    res.status(201).json(isoTimes(await service.create(principalOf(req), parse(newProject, req.body))));
  });
  router.get('/evaluation-projects/:id', async (req, res) => {
    res.json(isoTimes(await service.get(principalOf(req), id(req.params))));
  });
  router.post('/evaluation-projects/:id/approval', async (req, res) => {
    res.json(isoTimes(await service.approve(principalOf(req), id(req.params), parse(approval, req.body).decision)));
  });
  router.post('/evaluation-projects/:id/contract', async (req, res) => {
    res.json(isoTimes(await service.contract(principalOf(req), id(req.params), parse(contract, req.body))));
  });
  router.put('/evaluation-projects/:id/plan', async (req, res) => {
    res.json(isoTimes(await service.submitPlan(principalOf(req), id(req.params), parse(plan, req.body).plan)));
  });
  router.post('/evaluation-projects/:id/plan-review', async (req, res) => {
    res.json(isoTimes(await service.reviewPlan(principalOf(req), id(req.params), parse(planReview, req.body).approved)));
  });
  router.put('/evaluation-projects/:id/report', async (req, res) => {
    res.json(isoTimes(await service.submitReport(principalOf(req), id(req.params), parse(report, req.body))));
  });
  router.post('/evaluation-projects/:id/acceptance', async (req, res) => {
    res.json(isoTimes(await service.accept(principalOf(req), id(req.params), parse(acceptance, req.body).accepted)));
  });
  router.post('/evaluation-projects/:id/payment', async (req, res) => {
    res.json(isoTimes(await service.pay(principalOf(req), id(req.params), parse(payment, req.body ?? {}).paidAt)));
  });
  router.put('/evaluation-projects/:id/recommendation', async (req, res) => {
    res.json(isoTimes(await service.recommend(principalOf(req), id(req.params), parse(recommendation, req.body).recommendation)));
  });
  router.post('/evaluation-projects/:id/close', async (req, res) => {
    parse(empty, req.body ?? {});
    res.json(isoTimes(await service.close(principalOf(req), id(req.params))));
  });

  return router;
}
