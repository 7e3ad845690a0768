import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Clock } from '../engine/clock';
import type { CalendarOverride, CalendarRepository } from './calendar.repository';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import type { WorkingDayCalendar } from './working-days';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid, 'no such date');

/** What an administrator enters: one day of a State Council notice. */
export const overrideInput = z.object({
  date: isoDate,
  kind: z.enum(['workday', 'holiday']),
  name: z.string().trim().min(1, 'a name is required, e.g. 国庆节 or 国庆节调休上班').max(100),
});
export type OverrideInput = z.input<typeof overrideInput>;

/** The rules of editing the working-day calendar; keeps the loaded calendar in step. */
export class CalendarService {
  constructor(
    private readonly repository: CalendarRepository,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
  ) {}

  /** Declares a date a holiday or a make-up workday. Throws `Invalid` or, if the date already has an override, `Conflict`. */
  async addOverride(input: OverrideInput, createdBy: string): Promise<CalendarOverride> {
    const parsed = overrideInput.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
      throw new Invalid(`invalid calendar override: ${issues.join('; ')}`, issues);
    }
    const override: CalendarOverride = { ...parsed.data, createdBy, createdAt: this.clock.now() };
    if (!(await this.repository.insert(override))) throw new Conflict(`${override.date} already has an override; remove it first`);
    await this.calendar.reload();
    return override;
  }

  /** Removes the override of `date`, restoring the official arrangement. Throws `Invalid` or `NotFound`. */
  async removeOverride(date: string): Promise<void> {
    const parsed = isoDate.safeParse(date);
    if (!parsed.success) throw new Invalid(`invalid date '${date}': ${parsed.error.issues[0]?.message}`);
    if (!(await this.repository.delete(parsed.data))) throw new NotFound(`${date} has no override`);
    await this.calendar.reload();
  }

  list(): Promise<CalendarOverride[]> {
    return this.repository.list();
  }
}
