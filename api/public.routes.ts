import { Router, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { Contact } from '../domain/contact-cipher';
import { CatalogueService } from './catalogue.service';
import type { ApiContext } from './context';
import { isoTimes, offsetOf, openApi, pageQuery, recordId, text } from './documents.http';
import { isoInstant, pageOf } from './documents.schemas';
import { HttpError } from './errors';
import { PublicService } from './public.service';
import { parse } from './validate';

/** How many requests one IP address may make (per window) on the public pages. */
export interface PublicLimits {
  windowMs: number;
  /** Comments submitted. */
  comments: number;
  /** Reads of consultations and the catalogue. */
  reads: number;
}

export const DEFAULT_PUBLIC_LIMITS: PublicLimits = { windowMs: 10 * 60_000, comments: 10, reads: 600 };

const contactField = z.string().max(200);
const contact = z.union([
  z.string().max(200),
  z.object({ phone: contactField.optional(), email: contactField.optional(), wechat: contactField.optional(), address: contactField.optional(), postalAddress: contactField.optional() }).strict(),
]);
const publicComment = z.object({ authorName: z.string().max(100).optional(), contact: contact.optional(), content: text(5_000) }).strict();
const catalogueQuery = z.object({ q: z.string().max(200).optional(), ...pageQuery }).strict();
const idParams = z.object({ id: recordId }).strict();

/** What anyone may see of a consultation. */
const publicConsultation = z.object({
  id: z.string(),
  documentId: z.string(),
  round: z.number().int(),
  title: z.string(),
  summary: z.string().describe('background, purpose and basis, necessity, feasibility, expected impact'),
  opensAt: isoInstant,
  closesAt: isoInstant,
});
const catalogueItem = z.object({
  documentId: z.string(),
  number: z.string().nullable().describe('文号'),
  title: z.string(),
  category: z.string(),
  department: z.string().describe('the department id'),
  departmentName: z.string().nullable(),
  departmentNameEn: z.string().nullable(),
  publishedAt: isoInstant,
  url: z.string().nullable(),
});

/** A contact given as one free-text line: an e-mail address when it has an `@`, a phone number otherwise. */
function toContact(value: string | Contact | undefined): Contact | undefined {
  if (value === undefined || typeof value !== 'string') return value;
  if (!value.trim()) return undefined;
  return value.includes('@') ? { email: value } : { phone: value };
}

function limiter(windowMs: number, limit: number, message: string): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new HttpError(429, 'RATE_LIMITED', message)),
  });
}

/**
 * PUBLIC pages (no token; rate-limited per IP address, behind a loopback proxy per X-Forwarded-For):
 * - GET /public/consultations → [{id, documentId, round, title, summary, opensAt, closesAt}] open now
 * - GET /public/consultations/:id → {…, draftText, open} (404 before it opens)
 * - POST /public/consultations/:id/comments {authorName?, contact?, content} → 201 {id}
 *   (409 CONSULTATION_CLOSED after it closed; contact = a string or {phone?, email?, wechat?, address?,
 *   postalAddress?}, stored encrypted; content ≤ 5,000 characters, name ≤ 100; audited as `public`)
 * - GET /public/catalogue?q=&page=&pageSize= → paginated documents that remain valid
 */
export function publicRoutes(ctx: ApiContext, limits: PublicLimits = DEFAULT_PUBLIC_LIMITS): Router {
  const service = new PublicService(ctx.database.db, ctx.audit, ctx.clock, ctx.contacts);
  const catalogue = new CatalogueService(ctx.database.db);
  const reads = limiter(limits.windowMs, limits.reads, 'too many requests from this address; try again later');
  const comments = limiter(limits.windowMs, limits.comments, 'too many comments from this address; try again later');
  const router = Router();
  const describe = openApi('public');
  describe('get', '/public/consultations', 'Consultations open now, closing soonest first', 'public', { response: z.array(publicConsultation), errors: [429] });
  describe('get', '/public/consultations/:id', 'A consultation with its draft text (404 before it opens)', 'public', { params: idParams, response: publicConsultation.extend({ draftText: z.string(), open: z.boolean() }), errors: [404, 429] });
  describe('post', '/public/consultations/:id/comments', 'Comment on an open consultation (rate-limited per address; 409 CONSULTATION_CLOSED)', 'public', { params: idParams, body: publicComment, status: 201, response: z.object({ id: z.string() }), errors: [404, 409, 429] });
  describe('get', '/public/catalogue', 'The catalogue of documents that remain valid, newest publication first', 'public', { query: catalogueQuery, response: pageOf(catalogueItem), errors: [429] });


  router.get('/public/consultations', reads, async (_req, res) => {
    res.json((await service.openConsultations()).map(isoTimes));
  });

  router.get('/public/consultations/:id', reads, async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.consultation(id)));
  });

  router.post('/public/consultations/:id/comments', comments, async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    const body = parse(publicComment, req.body);
    res.status(201).json(await service.submitComment(id, { authorName: body.authorName, contact: toContact(body.contact), content: body.content }));
  });

  router.get('/public/catalogue', reads, async (req, res) => {
    const query = parse(catalogueQuery, req.query, 'query');
    const { rows, total } = await catalogue.search({ q: query.q, limit: query.pageSize, offset: offsetOf(query) });
    res.json({ items: rows.map(isoTimes), total, page: query.page, pageSize: query.pageSize });
  });

  return router;
}
