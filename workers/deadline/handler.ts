import { z } from 'zod';
import type { Clock } from '../../engine/clock';
import { done, type Job, type JobOutcome, type JobWorkerConfig } from '../../engine/port';
import { Invalid } from '../../domain/errors';
import { CHINA_ZONE, DEFAULT_DUE_TIME, MAX_PERIOD, toZoneDate, type Period, type WorkingDayCalendar } from '../../calendar/working-days';

/** The job type, equal to the element template's `zeebe:taskDefinition` type. */
export const DEADLINE_TASK_TYPE = 'deadline';

/** The variables the handler reads (the template's `zeebe:input` names). */
export const DEADLINE_INPUTS = ['from', 'workingDays', 'days', 'at'] as const;

/** A count from a FEEL number (`=5`) or a static input mapping, which arrives as a string ("5"). */
const count = z.union([z.number(), z.string().trim().regex(/^\d+$/, 'expected a whole number').transform(Number)]).pipe(z.number().int().min(1).max(MAX_PERIOD));
/** Unset input mappings arrive as null. */
const absent = z.null().optional().transform(() => undefined);

const inputs = z
  .object({
    from: z.union([z.string().trim().min(1), absent]),
    workingDays: z.union([count, absent]),
    days: z.union([count, absent]),
    at: z.union([z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:mm'), absent]),
  })
  .refine((v) => (v.workingDays === undefined) !== (v.days === undefined), { message: 'exactly one of workingDays or days is required', path: ['workingDays'] });

export type DeadlineVariables = Partial<Record<(typeof DEADLINE_INPUTS)[number], unknown>>;

/**
 * Computes a due date: `workingDays` working days (工作日, official holidays and make-up days
 * included) or `days` calendar days after `from` (default: today in China), falling due at `at`
 * (default 18:00) China Standard Time. Outputs `dueDate` (ISO date-time, +08:00) and `dueDay`
 * (YYYY-MM-DD). Bad input is not a business outcome: the job fails without retries and the
 * incident carries the reason.
 */
export function deadlineWorker(calendar: WorkingDayCalendar, clock: Clock): JobWorkerConfig<DeadlineVariables> {
  const handler = (job: Job<DeadlineVariables>): JobOutcome => {
    const parsed = inputs.safeParse(job.variables);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      return done.fail(`invalid deadline input: ${problems}`, { retries: 0 });
    }
    const { from, workingDays, days, at = DEFAULT_DUE_TIME } = parsed.data;
    const period: Period = workingDays !== undefined ? { workingDays } : { days: days! };
    try {
      const start = from ?? toZoneDate(new Date(clock.now()).toISOString(), CHINA_ZONE);
      const dueDate = calendar.dueAt(start, period, at, CHINA_ZONE);
      return done.complete({ dueDate, dueDay: dueDate.slice(0, 10) });
    } catch (error) {
      if (error instanceof Invalid) return done.fail(`invalid deadline input: ${error.message}`, { retries: 0 });
      throw error;
    }
  };
  return { taskType: DEADLINE_TASK_TYPE, handler, fetchVariable: [...DEADLINE_INPUTS], worker: 'deadline' };
}
