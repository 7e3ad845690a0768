import { Router } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { CalendarRepository } from '../calendar/calendar.repository';
import { CalendarService } from '../calendar/calendar.service';
import { MAX_PERIOD } from '../calendar/working-days';
import { principalOf, requireRole } from './auth';
import { CalendarApi } from './calendar.service';
import type { ApiContext } from './context';
import { describeRoute } from './openapi';
import { parse } from './validate';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid, 'no such date');
const workingDaysQuery = z.object({ from: isoDate, days: z.coerce.number().int().min(0).max(MAX_PERIOD) }).strict();
const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict();
const dateParams = z.object({ date: isoDate }).strict();
export const overrideBody = z.object({ kind: z.enum(['workday', 'holiday']), name: z.string().trim().min(1).max(100) }).strict();
const override = z.object({ date: z.string(), kind: z.enum(['workday', 'holiday']), name: z.string() });
const calendarYear = z.object({
  year: z.number().int(),
  days: z.array(
    z.object({
      date: z.string().describe('YYYY-MM-DD'),
      workday: z.boolean(),
      name: z.string().optional().describe('the holiday, make-up workday or override'),
      source: z.enum(['package', 'override', 'weekend', 'weekday']).describe('package: the official calendar; override: an administrator\'s'),
    }),
  ),
});

/** `/calendar` (mounted behind `authenticate`): everyone reads, admins edit overrides. */
export function calendarRoutes(ctx: ApiContext): Router {
  const router = Router();
  const calendar = new CalendarApi(ctx.calendar, new CalendarService(new CalendarRepository(ctx.database.db), ctx.calendar, ctx.clock), ctx.audit);
  const tags = ['calendar'];

  describeRoute({ method: 'get', path: '/api/calendar/working-days', summary: 'The date N working days after a date', tags, query: workingDaysQuery, response: z.object({ from: z.string(), days: z.number().int(), dueDate: z.string() }) });
  router.get('/working-days', (req, res) => {
    const { from, days } = parse(workingDaysQuery, req.query, 'query');
    res.json(calendar.workingDays(from, days));
  });

  describeRoute({ method: 'get', path: '/api/calendar/year/:year', summary: 'Every day of a year: working day or not, and why', tags, params: yearParams, response: calendarYear });
  router.get('/year/:year', (req, res) => {
    const { year } = parse(yearParams, req.params, 'path');
    res.json(calendar.year(year));
  });

  describeRoute({ method: 'get', path: '/api/calendar/overrides', summary: "Administrators' overrides of the official calendar", tags, response: z.array(override) });
  router.get('/overrides', async (_req, res) => {
    res.json(await calendar.list());
  });

  describeRoute({ method: 'put', path: '/api/calendar/overrides/:date', summary: 'Declare a date a holiday or a make-up workday', tags, roles: ['admin'], params: dateParams, body: overrideBody, response: override, errors: [409] });
  router.put('/overrides/:date', requireRole('admin'), async (req, res) => {
    const { date } = parse(dateParams, req.params, 'path');
    const body = parse(overrideBody, req.body);
    res.json(await calendar.put(date, body, principalOf(req)));
  });

  describeRoute({ method: 'delete', path: '/api/calendar/overrides/:date', summary: 'Remove the override of a date', tags, roles: ['admin'], params: dateParams, status: 204, errors: [404] });
  router.delete('/overrides/:date', requireRole('admin'), async (req, res) => {
    const { date } = parse(dateParams, req.params, 'path');
    await calendar.remove(date, principalOf(req));
    res.status(204).end();
  });
  return router;
}
