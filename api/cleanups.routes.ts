import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from './auth';
import { CLASSIFICATIONS, CleanupService } from './cleanups.service';
import type { ApiContext } from './context';
import { departmentId, isoTimes, openApi, recordId, text } from './documents.http';
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
  describe('get', '/cleanup-campaigns', 'Cleanup campaigns with progress', 'any');
  describe('post', '/cleanup-campaigns', 'Start a yearly or ad-hoc campaign', office, { body: newCampaign, status: 201 });
  describe('get', '/cleanup-campaigns/:id', 'A campaign', 'any', { params: idParams });
  describe('post', '/cleanup-campaigns/:id/items', 'Put a document on the cleanup catalogue', office, { params: idParams, body: newItem, status: 201 });
  describe('get', '/cleanup-campaigns/:id/items', "Items (a department: its own only)", 'any', { params: idParams, query: itemsQuery });
  describe('put', '/cleanup-campaigns/:id/items/:documentId/classification', "The department's class with reasons and basis", ["the item's department"], { params: itemParams, body: classifying });
  describe('put', '/cleanup-campaigns/:id/items/:documentId/legal-review', 'Legal Affairs Office review opinion', ['legal-office'], { params: itemParams, body: review });


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
