import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from './auth';
import { CLASSIFICATIONS, CleanupService } from './cleanups.service';
import type { ApiContext } from './context';
import { departmentId, isoTimes, openApi, recordId, text } from './documents.http';
import { isoInstant } from './documents.schemas';
import { parse } from './validate';

const newCampaign = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/).optional(),
    kind: z.enum(['yearly', 'ad-hoc']),
    year: z.number().int().min(2000).max(2100).optional(),
    title: text(300),
    processInstanceKey: z.string().regex(/^\d{1,20}$/).optional(),
  })
  .strict();
const newItem = z.object({ documentId: recordId, department: departmentId.optional() }).strict();
const itemsQuery = z.object({ department: departmentId.optional(), state: z.enum(['unclassified', 'classified', 'reviewed']).optional() }).strict();
const classifying = z
  .object({ classification: z.enum(CLASSIFICATIONS), reasons: text(20_000), basis: text(20_000), amendmentOpinion: z.string().max(50_000).optional() })
  .strict();
const review = z.object({ decision: z.enum(['agree', 'disagree']), opinion: text(20_000) }).strict();
const idParams = z.object({ id: recordId }).strict();
const itemParams = z.object({ id: recordId, documentId: recordId }).strict();

const campaignSchema = z.object({
  id: z.string(),
  kind: z.enum(['yearly', 'ad-hoc']),
  year: z.number().int().nullable(),
  title: z.string(),
  status: z.enum(['running', 'approved', 'published']),
  report: z.string().nullable(),
  approvedAt: isoInstant.nullable(),
  cataloguePublishedAt: isoInstant.nullable(),
  processInstanceKey: z.string().nullable(),
  createdBy: z.string(),
  createdAt: isoInstant,
});
const campaignWithProgress = campaignSchema.extend({
  progress: z.object({ items: z.number().int(), classified: z.number().int(), reviewed: z.number().int() }).describe("counted over the caller's own department's items for a department user"),
});
const itemSchema = z.object({
  campaignId: z.string(),
  documentId: z.string(),
  department: z.string().describe('the department that answers for the document'),
  classification: z.enum(CLASSIFICATIONS).nullable(),
  reasons: z.string().nullable(),
  basis: z.string().nullable(),
  amendmentOpinion: z.string().nullable().describe('the written amendment opinion of an `amend` class'),
  classifiedBy: z.string().nullable(),
  classifiedAt: isoInstant.nullable(),
  legalDecision: z.enum(['agree', 'disagree']).nullable(),
  legalOpinion: z.string().nullable(),
  reviewedAt: isoInstant.nullable(),
});

/**
 * Cleanup campaigns (清理) and their items (evaluators: 403):
 * - GET /cleanup-campaigns (with progress) · GET /cleanup-campaigns/:id
 * - POST /cleanup-campaigns {id?, kind: yearly|ad-hoc, year?, title} → 201 (general-office, admin)
 * - POST /cleanup-campaigns/:id/items {documentId, department?} → 201 (general-office, admin)
 * - GET /cleanup-campaigns/:id/items?department=&state= (a department sees its own items only;
 *   general-office, legal-office, leader, supervisor, admin see all)
 * - PUT /cleanup-campaigns/:id/items/:documentId/classification {classification: abolish|invalidate|amend|keep,
 *   reasons, basis, amendmentOpinion?} (the item's department; amend without an opinion → 422 AMENDMENT_OPINION_REQUIRED)
 * - PUT /cleanup-campaigns/:id/items/:documentId/legal-review {decision: agree|disagree, opinion} (legal-office)
 */
export function cleanupRoutes(ctx: ApiContext): Router {
  const service = new CleanupService(ctx.database.db, ctx.audit, ctx.clock);
  const router = Router();
  const describe = openApi('cleanup-campaigns');
  const office = ['general-office', 'admin'];
  describe('get', '/cleanup-campaigns', 'Cleanup campaigns with progress', 'any', { response: z.array(campaignWithProgress) });
  describe('post', '/cleanup-campaigns', 'Start a yearly or ad-hoc campaign (422 YEAR_REQUIRED, 409 CAMPAIGN_EXISTS)', office, { body: newCampaign, status: 201, response: campaignSchema, errors: [409, 422] });
  describe('get', '/cleanup-campaigns/:id', 'A campaign', 'any', { params: idParams, response: campaignWithProgress, errors: [404] });
  describe('post', '/cleanup-campaigns/:id/items', 'Put a document on the cleanup catalogue (422 DEPARTMENT_REQUIRED; 409 ITEM_EXISTS, CAMPAIGN_CLOSED)', office, { params: idParams, body: newItem, status: 201, response: itemSchema, errors: [404, 409, 422] });
  describe('get', '/cleanup-campaigns/:id/items', "Items (a department: its own only)", 'any', { params: idParams, query: itemsQuery, response: z.array(itemSchema), errors: [404] });
  describe('put', '/cleanup-campaigns/:id/items/:documentId/classification', "The department's class with reasons and basis (422 AMENDMENT_OPINION_REQUIRED; 409 ALREADY_REVIEWED, CAMPAIGN_CLOSED)", ["the item's department"], { params: itemParams, body: classifying, response: itemSchema, errors: [404, 409, 422] });
  describe('put', '/cleanup-campaigns/:id/items/:documentId/legal-review', 'Legal Affairs Office review opinion (409 NOT_CLASSIFIED, CAMPAIGN_CLOSED)', ['legal-office'], { params: itemParams, body: review, response: itemSchema, errors: [404, 409] });


  router.get('/cleanup-campaigns', async (req, res) => {
    res.json((await service.campaigns(principalOf(req))).map(isoTimes));
  });

  router.post('/cleanup-campaigns', async (req, res) => {
    res.status(201).json(isoTimes(await service.createCampaign(principalOf(req), parse(newCampaign, req.body))));
  });

  router.get('/cleanup-campaigns/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.campaign(principalOf(req), id)));
  });

  router.post('/cleanup-campaigns/:id/items', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.status(201).json(isoTimes(await service.addItem(principalOf(req), id, parse(newItem, req.body))));
  });

  router.get('/cleanup-campaigns/:id/items', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json((await service.items(principalOf(req), id, parse(itemsQuery, req.query, 'query'))).map(isoTimes));
  });

  router.put('/cleanup-campaigns/:id/items/:documentId/classification', async (req, res) => {
    const { id, documentId } = parse(itemParams, req.params, 'path');
    res.json(isoTimes(await service.classify(principalOf(req), id, documentId, parse(classifying, req.body))));
  });

  router.put('/cleanup-campaigns/:id/items/:documentId/legal-review', async (req, res) => {
    const { id, documentId } = parse(itemParams, req.params, 'path');
    res.json(isoTimes(await service.review(principalOf(req), id, documentId, parse(review, req.body))));
  });

  return router;
}
