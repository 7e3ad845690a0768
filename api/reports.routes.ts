import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { NotFound } from '../domain/errors';
import { principalOf } from './auth';
import type { ApiContext } from './context';
import { isoTimes, openApi, recordId } from './documents.http';
import { isoInstant } from './documents.schemas';
import { ReportService } from './reports.service';
import { parse } from './validate';

const idParams = z.object({ id: recordId }).strict();
const reportList = z.array(z.object({ id: z.string(), createdAt: isoInstant, contentHash: z.string().describe('hex SHA-256 of the HTML of GET /reports/:id') }));

/**
 * The HTML page of a report may show nothing but itself: no script, no request anywhere (its
 * own inline style excepted), no form, no frame around it, sandboxed. The text is escaped by the
 * report worker; this is the second wall should anything ever slip through.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Research reports (调研报告), readable by whoever may see their document (see reports.service):
 * - GET /documents/:id/reports → [{id, createdAt, contentHash}] oldest first
 * - GET /reports/:id → text/html (restrictive Content-Security-Policy, nosniff, not cached)
 * - GET /reports/:id/docx → the DOCX the report worker wrote (attachment); 404 when the file is gone
 */
export function reportRoutes(ctx: ApiContext): Router {
  const service = new ReportService(ctx.database.db, path.join(ctx.config.DATA_DIR, 'reports'));
  const router = Router();
  const describe = openApi('reports');
  const readers = ['staff', 'evaluator (documents of its own evaluation projects)'];
  describe('get', '/documents/:id/reports', 'Research reports of a document', readers, { params: idParams, response: reportList, errors: [404] });
  describe('get', '/reports/:id', 'A research report as an HTML page', readers, { params: idParams, responseType: 'text/html', errors: [404] });
  describe('get', '/reports/:id/docx', 'A research report as a Word document (404 when the file is gone)', readers, { params: idParams, responseType: DOCX, errors: [404] });

  router.get('/documents/:id/reports', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json((await service.list(principalOf(req), id)).map(isoTimes));
  });

  router.get('/reports/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    const report = await service.get(principalOf(req), id);
    res.setHeader('Content-Security-Policy', REPORT_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(report.html);
  });

  router.get('/reports/:id/docx', async (req, res, next) => {
    const { id } = parse(idParams, req.params, 'path');
    const { file, fileName } = await service.docx(principalOf(req), id);
    res.download(file, fileName, { dotfiles: 'deny', headers: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } }, (error) => {
      if (!error) return;
      if (res.headersSent) return next(error);
      next((error as NodeJS.ErrnoException).code === 'ENOENT' ? new NotFound(`the Word document of report ${id} is missing`) : error);
    });
  });

  return router;
}
