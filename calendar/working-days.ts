import chineseDays from 'chinese-days';
import { DateTime } from 'luxon';
import type { CalendarOverride, CalendarRepository } from './calendar.repository';
import { Invalid } from '../domain/errors';

/** Time zone of the city government; deadlines are local to it. */
export const CHINA_ZONE = 'Asia/Shanghai';
/** Office closing time: a deadline falls due at the end of its last day. */
export const DEFAULT_DUE_TIME = '18:00';
/** Longest period accepted (about ten years), so that a typo cannot loop for ever. */
export const MAX_PERIOD = 3660;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A period: either working days (工作日) or calendar days (日), exactly one. */
export type Period = { workingDays: number; days?: never } | { days: number; workingDays?: never };

/** What the calendar says about one day, and why. */
export interface DayInfo {
  date: string;
  workday: boolean;
  /** The holiday or make-up day's name, or the weekday. */
  name: string;
  /** `override`: an administrator's entry; `official`: the bundled State Council arrangement or the weekend rule. */
  source: 'override' | 'official';
}

/**
 * The official Chinese working-day calendar: Monday–Friday are working days, Saturday and Sunday
 * are not, except statutory holidays (法定节假日) and the official make-up workdays (调休上班)
 * published each year by the State Council General Office. The arrangement comes from the
 * `chinese-days` package; administrator overrides (table `calendar_overrides`) win over it, so a
 * new year's notice can be entered before the package is updated.
 *
 * Overrides are read once; call `reload()` after changing them.
 */
export class WorkingDayCalendar {
  private overrides = new Map<string, CalendarOverride>();

  private constructor(private readonly repository: CalendarRepository) {}

  /** A calendar with the overrides currently stored. */
  static async load(repository: CalendarRepository): Promise<WorkingDayCalendar> {
    const calendar = new WorkingDayCalendar(repository);
    await calendar.reload();
    return calendar;
  }

  /** Re-reads the overrides (after an administrator added or removed one). */
  async reload(): Promise<void> {
    const rows = await this.repository.list();
    this.overrides = new Map(rows.map((row) => [row.date, row]));
  }

  /** The day's status: override first, then the official arrangement, then the weekend rule. */
  day(date: string): DayInfo {
    const day = parseDate(date);
    const override = this.overrides.get(day.toISODate()!);
    if (override) return { date: day.toISODate()!, workday: override.kind === 'workday', name: override.name, source: 'override' };
    // local noon: the package reads the date in the process's own time zone
    const detail = chineseDays.getDayDetail(new Date(day.year, day.month - 1, day.day, 12));
    return { date: day.toISODate()!, workday: detail.work, name: detail.name, source: 'official' };
  }

  /** Whether `date` ('YYYY-MM-DD') is a working day. */
  isWorkday(date: string): boolean {
    return this.day(date).workday;
  }

  /**
   * Whether the official arrangement of `year` is known: the package has it (New Year's Day is
   * then named) or an administrator entered at least one override in that year. Past the known
   * years only the weekend rule applies, which misses that year's holidays.
   */
  knowsYear(year: number): boolean {
    if (chineseDays.getDayDetail(new Date(year, 0, 1, 12)).name.includes('元旦')) return true;
    return [...this.overrides.keys()].some((date) => date.startsWith(`${year}-`));
  }

  /**
   * The date `n` working days after `from`. The day of `from` itself never counts — the period
   * starts on the next day (民法典 第二百零一条: 开始的当日不计入，自下一日开始计算) — and only
   * working days are counted, so the result is always a working day. Example: from Monday
   * 2026-09-28, 5 working days are 29, 30 September, 8, 9 October and Saturday 10 October (a
   * make-up workday), skipping the National Day holiday 1–7 October.
   */
  addWorkingDays(from: string, n: number): string {
    checkPeriod(n, 'workingDays');
    let day = parseDate(from);
    for (let counted = 0; counted < n; ) {
      day = day.plus({ days: 1 });
      if (this.isWorkday(day.toISODate()!)) counted += 1;
    }
    return day.toISODate()!;
  }

  /** The date `n` calendar days after `from` (the day of `from` not counted), whatever kind of day it is. */
  addCalendarDays(from: string, n: number): string {
    checkPeriod(n, 'days');
    return parseDate(from).plus({ days: n }).toISODate()!;
  }

  /** The first working day on or after `date`. */
  nextWorkdayFrom(date: string): string {
    let day = parseDate(date);
    while (!this.isWorkday(day.toISODate()!)) day = day.plus({ days: 1 });
    return day.toISODate()!;
  }

  /**
   * When a period that starts on `from` falls due: at `at` (HH:mm, office closing time by
   * default) on its last day, in `zone`, as an ISO date-time with offset — e.g.
   * `2026-10-10T18:00:00+08:00`, usable as a Zeebe user-task `dueDate` or a timer `timeDate`.
   *
   * `from` is an ISO date or date-time; a date-time is first read as a date in `zone`. A period
   * in calendar days whose last day is not a working day ends on the next working day instead
   * (民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
   */
  dueAt(from: string, period: Period, at = DEFAULT_DUE_TIME, zone = CHINA_ZONE): string {
    if (!HH_MM.test(at)) throw new Invalid(`expected 'at' to be a time HH:mm, but was '${at}'`);
    if (!DateTime.local().setZone(zone).isValid) throw new Invalid(`unknown time zone '${zone}'`);
    const start = toZoneDate(from, zone);
    const lastDay =
      period.workingDays !== undefined ? this.addWorkingDays(start, period.workingDays) : this.nextWorkdayFrom(this.addCalendarDays(start, period.days));
    return DateTime.fromISO(`${lastDay}T${at}`, { zone }).toISO({ suppressMilliseconds: true })!;
  }
}

/** The date in `zone` of an ISO date or date-time (a date-time without offset is read in `zone`). */
export function toZoneDate(value: string, zone = CHINA_ZONE): string {
  if (ISO_DATE.test(value)) return parseDate(value).toISODate()!;
  const instant = DateTime.fromISO(value, { zone, setZone: false });
  if (!instant.isValid) throw new Invalid(`expected an ISO date (YYYY-MM-DD) or date-time, but was '${value}'`);
  return instant.setZone(zone).toISODate()!;
}

function parseDate(date: string): DateTime {
  const parsed = ISO_DATE.test(date) ? DateTime.fromISO(date, { zone: 'UTC' }) : undefined;
  if (!parsed?.isValid) throw new Invalid(`expected a date YYYY-MM-DD, but was '${date}'`);
  return parsed;
}

function checkPeriod(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PERIOD) throw new Invalid(`expected ${what} to be a whole number from 1 to ${MAX_PERIOD}, but was ${n}`);
}
