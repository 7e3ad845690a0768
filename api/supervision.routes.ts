import { Router } from 'express';
import { z } from 'zod';
import type { Role } from '../domain/principal';
import { requireRole } from './auth';
import type { ApiContext } from './context';
import { describeRoute } from './openapi';
import { overdueWorkbook, XLSX_TYPE } from './supervision.export';
import { CSV_MAX_ROWS, SupervisionService } from './supervision.service';
import { parse } from './validate';

/** Who sees the supervision views. */
export const SUPERVISORS: Role[] = ['supervisor', 'general-office'];

/** An optional text filter; empty means no filter. */
const text = z.string().trim().max(200).transform((v) => v || undefined);
export const overdueQuery = z
  .object({
    department: text.optional(),
    bpmnProcessId: text.optional(),
    page: z.coerce.number().int().min(1).max(1_000).default(1),
    /** The contract's list has no pages: by default every overdue stage up to 1,000 (`total` says how many there are). */
    pageSize: z.coerce.number().int().min(1).max(1_000).default(1_000),
    /** `csv` or `xlsx` downloads the export without an Accept header (a plain link). */
    format: z.enum(['json', 'csv', 'xlsx']).optional(),
  })
  .strict();
export const statsQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }).strict();

const overdueItem = z.object({
  taskId: z.string(),
  stage: z.string(),
  elementId: z.string(),
  bpmnProcessId: z.string(),
  processInstanceKey: z.string(),
  department: z.string().nullable(),
  assignee: z.string().nullable(),
  candidateGroups: z.array(z.string()),
  dueDate: z.string(),
  overdueWorkingDays: z.number().int(),
  documentTitle: z.string().nullable(),
});
const counts = { open: z.number().int(), overdue: z.number().int() };
const statsResponse = z.object({
  byDepartment: z.array(z.object({ department: z.string().nullable(), ...counts })),
  byStage: z.array(z.object({ bpmnProcessId: z.string(), stage: z.string(), ...counts })),
  series: z.array(z.object({ date: z.string(), ...counts })),
});

/** `/supervision` (behind `authenticate`): overdue stages and counts for supervisors and the General Office. */
export function supervisionRoutes(ctx: ApiContext): Router {
  const router = Router();
  const service = new SupervisionService(ctx);
  const tags = ['supervision'];
  router.use(requireRole(...SUPERVISORS));

  describeRoute({
    method: 'get',
    path: '/api/supervision/overdue',
    summary: `Overdue stages, most overdue first, with working days overdue; Accept: text/csv (or format=csv) exports CSV (UTF-8 BOM), Accept: ${XLSX_TYPE} (or format=xlsx) an Excel workbook`,
    tags,
    roles: SUPERVISORS,
    query: overdueQuery,
    response: z.object({ items: z.array(overdueItem), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
    alternativeTypes: ['text/csv', XLSX_TYPE],
  });
  router.get('/overdue', async (req, res) => {
    const { format, ...filter } = parse(overdueQuery, req.query, 'query');
    const negotiated = req.accepts(['application/json', 'text/csv', XLSX_TYPE]);
    const wanted = format ?? (negotiated === 'text/csv' ? 'csv' : negotiated === XLSX_TYPE ? 'xlsx' : 'json');
    if (wanted === 'json') {
      res.json(await service.overdue(filter));
      return;
    }
    const day = new Date(ctx.clock.now()).toISOString().slice(0, 10);
    const exported = { department: filter.department, bpmnProcessId: filter.bpmnProcessId };
    res.setHeader('Content-Disposition', `attachment; filename="overdue-${day}.${wanted}"`);
    if (wanted === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.send(await service.overdueCsv(exported));
      return;
    }
    const { items } = await service.overdue({ ...exported, page: 1, pageSize: CSV_MAX_ROWS });
    res.setHeader('Content-Type', XLSX_TYPE);
    res.send(Buffer.from(overdueWorkbook(items)));
  });

  describeRoute({ method: 'get', path: '/api/supervision/stats', summary: 'Open and overdue tasks by department, by stage, and per day', tags, roles: SUPERVISORS, query: statsQuery, response: statsResponse });
  router.get('/stats', async (req, res) => {
    const { days } = parse(statsQuery, req.query, 'query');
    res.json(await service.stats(days));
  });
  return router;
}
