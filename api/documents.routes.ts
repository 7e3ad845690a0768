import { Router } from 'express';
import type { SignOffKeys } from '../workers/sign-off/signature';
import { loadSignOffKeys } from '../workers/sign-off/signing-key';
import { z } from 'zod';
import { principalOf } from './auth';
import type { ApiContext } from './context';
import { CATEGORY_IDS, DOCUMENT_STATUSES, DocumentService } from './documents.service';
import { departmentId, isoTimes, offsetOf, openApi, pageQuery, recordId, text } from './documents.http';
import { documentPage, documentSchema, signatureSchema, versionSchema, versionSummary } from './documents.schemas';
import { parse } from './validate';

const listQuery = z
  .object({
    q: z.string().max(200).optional(),
    status: z.enum(DOCUMENT_STATUSES).optional(),
    category: z.enum(CATEGORY_IDS).optional(),
    department: departmentId.optional(),
    ...pageQuery,
  })
  .strict();

const newDocument = z
  .object({
    title: text(300),
    category: z.enum(CATEGORY_IDS),
    draftingDept: departmentId.optional(),
    leadDept: departmentId.nullable().optional(),
    number: text(100).nullable().optional(),
    summary: z.string().max(20_000).optional(),
    content: text(1_000_000).optional(),
    note: z.string().max(2_000).optional(),
  })
  .strict();

const documentPatch = z
  .object({
    title: text(300).optional(),
    category: z.enum(CATEGORY_IDS).optional(),
    leadDept: departmentId.nullable().optional(),
    number: text(100).nullable().optional(),
    summary: z.string().max(20_000).optional(),
  })
  .strict();

const newVersion = z.object({ content: text(1_000_000), note: z.string().max(2_000).optional() }).strict();
const statusChange = z.object({ status: z.enum(DOCUMENT_STATUSES), reason: z.string().max(2_000).optional() }).strict();
const idParams = z.object({ id: recordId }).strict();
const versionParams = z.object({ id: recordId, version: z.coerce.number().int().min(1).max(1_000_000) }).strict();

/**
 * Documents and versions (logged-in staff read every document; an evaluator only those of its own
 * evaluation projects):
 * - GET /documents?q=&status=&category=&department=&page=&pageSize= → paginated documents
 * - POST /documents {title, category, draftingDept?, leadDept?, number?, summary?, content?, note?} → 201
 *   (drafting-dept users for their own department; general-office, admin for any; `content` adds version 1)
 * - GET /documents/:id · PATCH /documents/:id {title?, category?, leadDept?, number?, summary?}
 * - GET /documents/:id/versions (no text) · GET /documents/:id/versions/:version (with text)
 * - GET /documents/:id/versions/:version/signatures → the version's sign-off signatures, each with
 *   `valid` (verified now against the stored text with the server's key, DATA_DIR/signing-key.pem)
 * - POST /documents/:id/versions {content, note?} → 201 {version, contentHash (SHA-256 hex), ...}
 * - POST /documents/:id/status {status, reason?} (allowed changes: STATUS_TRANSITIONS in documents.service)
 */
export function documentRoutes(ctx: ApiContext): Router {
  const service = new DocumentService(ctx.database.db, ctx.audit, ctx.clock);
  const router = Router();
  const describe = openApi('documents');
  let signOffKey: SignOffKeys | undefined;
  const serverKey = () => (signOffKey ??= loadSignOffKeys(ctx.config.DATA_DIR, ctx.config.SIGN_OFF_ALGORITHM));
  const managers = ['drafting-dept (own department)', 'general-office', 'admin'];
  describe('get', '/documents', 'Search documents (an evaluator: its projects\' documents only)', 'any', { query: listQuery, response: documentPage });
  describe('post', '/documents', 'Create a document (with version 1 when content is given)', managers, { body: newDocument, status: 201, response: documentSchema });
  describe('get', '/documents/:id', 'A document', 'any', { params: idParams, response: documentSchema, errors: [404] });
  describe('patch', '/documents/:id', 'Change title, category, number, lead department or summary (409 DOCUMENT_FINAL)', managers, { params: idParams, body: documentPatch, response: documentSchema, errors: [404, 409] });
  describe('get', '/documents/:id/versions', 'The versions of a document (without text)', 'any', { params: idParams, response: z.array(versionSummary), errors: [404] });
  describe('post', '/documents/:id/versions', 'Add a version (SHA-256 of the text; 409 DOCUMENT_NOT_EDITABLE, VERSION_UNCHANGED)', managers, { params: idParams, body: newVersion, status: 201, response: versionSummary, errors: [404, 409] });
  describe('get', '/documents/:id/versions/:version', 'One version with its text', 'any', { params: versionParams, response: versionSchema, errors: [404] });
  describe('get', '/documents/:id/versions/:version/signatures', 'The sign-off signatures of a version, each verified now against its stored text', 'any', { params: versionParams, response: z.array(signatureSchema), errors: [404] });
  describe('post', '/documents/:id/status', 'Move a document along its lifecycle (see STATUS_TRANSITIONS; 409 INVALID_TRANSITION)', 'any', { params: idParams, body: statusChange, response: documentSchema, errors: [404, 409] });


  router.get('/documents', async (req, res) => {
    const query = parse(listQuery, req.query, 'query');
    const { rows, total } = await service.list(principalOf(req), { ...query, limit: query.pageSize, offset: offsetOf(query) });
    res.json({ items: rows.map(isoTimes), total, page: query.page, pageSize: query.pageSize });
  });

  router.post('/documents', async (req, res) => {
    const document = await service.create(principalOf(req), parse(newDocument, req.body));
    res.status(201).json(isoTimes(document));
  });

  router.get('/documents/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.get(principalOf(req), id)));
  });

  router.patch('/documents/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.update(principalOf(req), id, parse(documentPatch, req.body))));
  });

  router.get('/documents/:id/versions', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json((await service.versions(principalOf(req), id)).map(isoTimes));
  });

  router.post('/documents/:id/versions', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.status(201).json(isoTimes(await service.addVersion(principalOf(req), id, parse(newVersion, req.body))));
  });

  router.get('/documents/:id/versions/:version', async (req, res) => {
    const { id, version } = parse(versionParams, req.params, 'path');
    res.json(isoTimes(await service.version(principalOf(req), id, version)));
  });

  router.get('/documents/:id/versions/:version/signatures', async (req, res) => {
    const { id, version } = parse(versionParams, req.params, 'path');
    res.json((await service.signatures(principalOf(req), id, version, serverKey())).map(isoTimes));
  });

  router.post('/documents/:id/status', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(isoTimes(await service.changeStatus(principalOf(req), id, parse(statusChange, req.body))));
  });

  return router;
}
