import { MAX_PERIOD, type WorkingDayCalendar } from '../calendar/working-days';

/** How long a count built for one day is reused (calendar overrides edited meanwhile show after this). */
const CACHE_MS = 60_000;
const DAY_MS = 86_400_000;
/** China Standard Time is UTC+8 all year (no daylight saving time since 1991). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

interface Counter {
  /** Today in China, as a day number (days since 1970-01-01). */
  today: number;
  builtAt: number;
  /** Working days in (day, today], by day number, filled backwards from today as far as asked. */
  after: Map<number, number>;
  /** The earliest day filled so far and its count. */
  earliest: { day: number; count: number };
}

const counters = new WeakMap<WorkingDayCalendar, Counter>();

/** Days since 1970-01-01 of an instant's date in China (plain arithmetic: a zone-aware parse costs ~100 µs). */
const chinaDay = (epochMs: number) => Math.floor((epochMs + CHINA_OFFSET_MS) / DAY_MS);
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The date (YYYY-MM-DD) in China of an instant. */
export function chinaDate(epochMs: number): string {
  return isoDay(chinaDay(epochMs));
}

/**
 * By how many working days (工作日, on the official calendar and its overrides) an open task is
 * overdue at `now`: the working days after its due day, up to and including today (China time).
 * 0 when not overdue, and on its due day after the due time. Counts per day are shared between
 * requests for a minute, so a page of tasks costs a map lookup each.
 */
export function overdueWorkingDays(calendar: WorkingDayCalendar, now: number, dueAt: number | null | undefined): number {
  if (dueAt === null || dueAt === undefined || dueAt >= now) return 0;
  const today = chinaDay(now);
  let counter = counters.get(calendar);
  if (!counter || counter.today !== today || Math.abs(now - counter.builtAt) > CACHE_MS) {
    counter = { today, builtAt: now, after: new Map([[today, 0]]), earliest: { day: today, count: 0 } };
    counters.set(calendar, counter);
  }
  const dueDay = chinaDay(dueAt);
  const known = counter.after.get(dueDay);
  if (known !== undefined) return known;
  // extend backwards from the earliest day filled: count(d) = count(d + 1) + (d + 1 is a working day)
  let { day, count } = counter.earliest;
  for (let steps = 0; day > dueDay && steps < MAX_PERIOD; steps++) {
    if (calendar.isWorkday(isoDay(day))) count += 1;
    day -= 1;
    counter.after.set(day, count);
  }
  counter.earliest = { day, count };
  return counter.after.get(dueDay) ?? count;
}
