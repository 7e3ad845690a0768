import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from './auth';
import type { ApiContext } from './context';
import { instant, isoTimes, openApi, recordId, text } from './documents.http';
import { contactSchema, isoInstant } from './documents.schemas';
import { COLLECTED_VIA, STAKEHOLDER_KINDS, StakeholderService } from './stakeholders.service';
import { parse } from './validate';

const contactField = z.string().max(500).optional();
const contact = z
  .object({ phone: contactField, email: contactField, wechat: contactField, address: contactField, postalAddress: contactField })
  .strict()
  .refine((value) => Object.values(value).some((field) => field?.trim()), 'at least one way to reach the stakeholder');

const newStakeholder = z.object({ name: text(300), kind: z.enum(STAKEHOLDER_KINDS), collectedVia: z.enum(COLLECTED_VIA), contact }).strict();
const stakeholderPatch = z
  .object({ name: text(300).optional(), kind: z.enum(STAKEHOLDER_KINDS).optional(), collectedVia: z.enum(COLLECTED_VIA).optional(), contact: contact.optional() })
  .strict();
const idParams = z.object({ id: recordId }).strict();
const pushOutcome = z.object({ outcome: z.enum(['delivered', 'failed']), detail: text(1000).optional(), pushedAt: instant.optional() }).strict();

const stakeholderSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  name: z.string(),
  kind: z.enum(STAKEHOLDER_KINDS),
  collectedVia: z.enum(COLLECTED_VIA),
  createdBy: z.string(),
  createdAt: isoInstant,
  contact: contactSchema.nullable().optional().describe("only for the document's drafting department; null when the stored contact cannot be opened"),
});
const pushSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  stakeholderId: z.string(),
  channel: z.enum(['phone', 'post', 'wechat', 'email', 'sms']),
  dueAt: isoInstant,
  pushedAt: isoInstant.nullable(),
  outcome: z.enum(['pending', 'delivered', 'failed']),
  overdue: z.boolean().describe('not delivered and past its due time'),
  stakeholderName: z.string().nullable().optional().describe("only for the document's drafting department"),
  detail: z.string().nullable().optional().describe("how the push went, or why it failed; only for the document's drafting department"),
});

/**
 * Stakeholders (confidential, 保密) and pushes — access as decided in stakeholders.service:
 * drafting department with contact data; general-office, supervisor, admin without; others 403.
 * - POST /documents/:id/stakeholders {name, kind, collectedVia, contact: {phone?, email?, wechat?, address?, postalAddress?}} → 201
 *   (drafting department only)
 * - GET /documents/:id/stakeholders · GET /stakeholders/:id · PATCH /stakeholders/:id (drafting department only)
 * - GET /documents/:id/pushes → [{id, stakeholderId, channel, dueAt, pushedAt, outcome, overdue, stakeholderName?, detail?}]
 * - POST /pushes/:id/outcome {outcome: 'delivered'|'failed', detail?, pushedAt?} → the push (drafting department only;
 *   phone and post pushes that are still pending; detail required for 'failed'; pushedAt default now, not in the future)
 */
export function stakeholderRoutes(ctx: ApiContext): Router {
  const service = new StakeholderService(ctx.database.db, ctx.audit, ctx.clock, ctx.contacts);
  const router = Router();
  const describe = openApi('stakeholders');
  const readers = ['drafting-dept (own department, with contacts)', 'general-office', 'supervisor', 'admin'];
  describe('post', '/documents/:id/stakeholders', 'Register a stakeholder (contact data encrypted)', ['drafting-dept (own department)'], { params: idParams, body: newStakeholder, status: 201, response: stakeholderSchema, errors: [404] });
  describe('get', '/documents/:id/stakeholders', 'Stakeholders of a document', readers, { params: idParams, response: z.array(stakeholderSchema), errors: [404] });
  describe('get', '/documents/:id/pushes', 'Pushes of the published document to its stakeholders', readers, { params: idParams, response: z.array(pushSchema), errors: [404] });
  describe('get', '/stakeholders/:id', 'A stakeholder', readers, { params: idParams, response: stakeholderSchema, errors: [404] });
  describe('patch', '/stakeholders/:id', 'Correct a stakeholder', ['drafting-dept (own department)'], { params: idParams, body: stakeholderPatch, response: stakeholderSchema, errors: [404] });
  describe('post', '/pushes/:id/outcome', 'Record the outcome of a phone or post push (409 for an automatic channel or an outcome already recorded)', ['drafting-dept (own department)'], { params: idParams, body: pushOutcome, response: pushSchema, errors: [404, 409] });

  router.post('/documents/:id/stakeholders', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.status(201).json(isoTimes(await service.create(principalOf(req), id, parse(newStakeholder, req.body))));
  });

  router.get('/documents/:id/stakeholders', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json((await service.list(principalOf(req), id)).map(isoTimes));
  });

  router.get('/documents/:id/pushes', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json((await service.pushes(principalOf(req), id)).map(isoTimes));
  });

  router.get('/stakeholders/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.get(principalOf(req), id)));
  });

  router.patch('/stakeholders/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.update(principalOf(req), id, parse(stakeholderPatch, req.body))));
  });

  router.post('/pushes/:id/outcome', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.recordPushOutcome(principalOf(req), id, parse(pushOutcome, req.body))));
  });

  return router;
}
