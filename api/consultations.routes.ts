import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from './auth';
import { ConsultationService } from './consultations.service';
import type { ApiContext } from './context';
import { instant, isoTimes, offsetOf, openApi, pageQuery, recordId, text } from './documents.http';
import { contactSchema, isoInstant, pageOf } from './documents.schemas';
import { parse } from './validate';

/** Topics the drafting department sorts comments into (the comment-disposal form's classes). */
export const COMMENT_CATEGORIES = ['legality', 'feasibility', 'provision', 'other'] as const;
export const DISPOSITIONS = ['adopted', 'partially-adopted', 'rejected'] as const;

const newConsultation = z
  .object({
    version: z.number().int().min(1).optional(),
    title: text(300).optional(),
    summary: text(20_000),
    opensAt: instant.optional(),
    closesAt: instant.optional(),
    urgent: z.boolean().optional(),
    processInstanceKey: z.string().regex(/^\d{1,20}$/).optional(),
  })
  .strict();

const commentsQuery = z.object({ disposition: z.enum([...DISPOSITIONS, 'pending']).optional(), ...pageQuery }).strict();
const staffComment = z.object({ content: text(5_000) }).strict();
const disposition = z
  .object({ disposition: z.enum(DISPOSITIONS), reason: z.string().max(5_000).optional(), category: z.enum(COMMENT_CATEGORIES).optional() })
  .strict();
const idParams = z.object({ id: recordId }).strict();

export const consultationSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  version: z.number().int().describe('the version of the draft put out for comment'),
  round: z.number().int().describe('1 for the first round; a re-consultation adds a round'),
  title: z.string(),
  summary: z.string(),
  opensAt: isoInstant,
  closesAt: isoInstant,
  processInstanceKey: z.string().nullable(),
  createdAt: isoInstant,
});
const consultationRound = consultationSchema.extend({ state: z.enum(['scheduled', 'open', 'closed']), commentCount: z.number().int() });
const commentSchema = z.object({
  id: z.string(),
  consultationId: z.string(),
  authorName: z.string().nullable(),
  content: z.string(),
  submittedAt: isoInstant,
  category: z.enum(COMMENT_CATEGORIES).nullable(),
  disposition: z.enum(DISPOSITIONS).nullable().describe('null while the comment is not yet decided'),
  dispositionReason: z.string().nullable(),
  disposedBy: z.string().nullable(),
  disposedAt: isoInstant.nullable(),
  hasContact: z.boolean(),
  contact: contactSchema.nullable().optional().describe("only for the document's drafting department; null when the stored contact cannot be opened"),
});

/**
 * Public consultations (公开征求意见) as staff see them:
 * - POST /documents/:id/consultations {summary, version?, title?, opensAt?, closesAt?, urgent?, processInstanceKey?} → 201
 *   (drafting department, general-office, admin; ≥ 15 calendar days, ≥ 7 when urgent → else 422 PERIOD_TOO_SHORT;
 *   409 CONSULTATION_RUNNING while a round is open, UNCHANGED_DRAFT when a new round is not on a later version)
 * - GET /documents/:id/consultations → rounds with state (scheduled|open|closed) and commentCount
 * - GET /consultations/:id · GET /consultations/:id/comments?disposition=pending|adopted|...&page=&pageSize=
 *   (contact data of commenters only for the drafting department)
 * - POST /consultations/:id/comments {content} → 201 (staff; the public posts under /api/public)
 * - POST /comments/:id/disposition {disposition, reason?, category?} (drafting department only;
 *   rejected without a reason → 422 REASON_REQUIRED)
 */
export function consultationRoutes(ctx: ApiContext): Router {
  const service = new ConsultationService(ctx.database.db, ctx.audit, ctx.clock, ctx.calendar, ctx.contacts);
  const router = Router();
  const describe = openApi('consultations');
  describe('post', '/documents/:id/consultations', 'Open a round of public comment (≥ 15 days, ≥ 7 when urgent; 422 PERIOD_TOO_SHORT, OPENS_IN_PAST; 409 CONSULTATION_RUNNING, UNCHANGED_DRAFT, NO_VERSION)', ['drafting-dept (own department)', 'general-office', 'admin'], { params: idParams, body: newConsultation, status: 201, response: consultationSchema, errors: [404, 409, 422] });
  describe('get', '/documents/:id/consultations', 'The rounds of a document', 'any', { params: idParams, response: z.array(consultationRound), errors: [404] });
  describe('get', '/consultations/:id', 'A round with its state and number of comments', 'any', { params: idParams, response: consultationRound, errors: [404] });
  describe('get', '/consultations/:id/comments', 'Comments of a round (contact data for the drafting department only)', 'any', { params: idParams, query: commentsQuery, response: pageOf(commentSchema), errors: [404] });
  describe('post', '/consultations/:id/comments', 'Comment as staff while the round is open (409 CONSULTATION_CLOSED, CONSULTATION_NOT_OPEN)', 'any', { params: idParams, body: staffComment, status: 201, response: commentSchema, errors: [404, 409] });
  describe('post', '/comments/:id/disposition', 'Decide a comment (a rejection needs a reason: 422 REASON_REQUIRED)', ['drafting-dept (own department)'], { params: idParams, body: disposition, response: commentSchema, errors: [404, 422] });


  router.post('/documents/:id/consultations', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.status(201).json(isoTimes(await service.open(principalOf(req), id, parse(newConsultation, req.body))));
  });

  router.get('/documents/:id/consultations', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json((await service.forDocument(principalOf(req), id)).map(isoTimes));
  });

  router.get('/consultations/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.get(principalOf(req), id)));
  });

  router.get('/consultations/:id/comments', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    const query = parse(commentsQuery, req.query, 'query');
    const { rows, total } = await service.comments(principalOf(req), id, { disposition: query.disposition, limit: query.pageSize, offset: offsetOf(query) });
    res.json({ items: rows.map(isoTimes), total, page: query.page, pageSize: query.pageSize });
  });

  router.post('/consultations/:id/comments', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.status(201).json(isoTimes(await service.submitStaffComment(principalOf(req), id, parse(staffComment, req.body))));
  });

  router.post('/comments/:id/disposition', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.dispose(principalOf(req), id, parse(disposition, req.body))));
  });

  return router;
}
