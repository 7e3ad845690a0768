import { CronExpressionParser } from 'cron-parser';
import { DateTime, Duration, FixedOffsetZone, IANAZone, type Zone } from 'luxon';

/**
 * When a BPMN timer is due, with Zeebe 8.5 semantics:
 * - duration and relative cycles are added to "now" in UTC (Zeebe's broker zone), calendar-aware;
 * - a cycle's later firings are added to the previous due time in the start's zone (or UTC);
 * - cron cycles use Spring 5.3's six fields (cron-utils SPRING53), evaluated in UTC.
 */

export type TimerKind = 'duration' | 'date' | 'cycle';

/** A timer's definition after its FEEL expression (if any) was evaluated to a string. */
export interface TimerDefinition {
  kind: TimerKind;
  value: string;
}

/** When a timer fires next, and how many firings remain after that one. */
export interface TimerDue {
  /** Epoch ms; a time at or before "now" means the timer fires immediately. */
  dueAt: number;
  /** Firings left AFTER this one: 0 = none, -1 = unbounded. */
  repetitions: number;
}

/** A timer definition Zeebe 8.5 would refuse (deployment rejected or incident raised). */
export class TimerDefinitionError extends Error {
  override name = 'TimerDefinitionError';
}

const UNBOUNDED = -1;
/** Zeebe reads the repetition count as a Java int. */
const MAX_REPETITIONS = 2 ** 31 - 1;
const UTC: Zone = FixedOffsetZone.utcInstance;

/** The macros Spring 5.3's CronExpression (and so Zeebe) accepts in place of six fields. */
const CRON_MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *', '@annually': '0 0 0 1 1 *', '@monthly': '0 0 0 1 * *', '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *', '@midnight': '0 0 0 * * *', '@hourly': '0 0 * * * *',
};

/** Java's Period (Y M W D, calendar) followed by Duration (H M S, exact), as Zeebe's Interval parses them. */
const ISO_DURATION =
  /^([+-])?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,9}))?S)?)?$/i;
/** Java's ISO_ZONED_DATE_TIME: the offset is mandatory, the bracketed zone id optional. */
const ISO_ZONED_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))(?:\[([^\]]+)\])?$/;
const REPEATING_INTERVAL = /^R(\d*)\/(.+)$/;
/** Jenkins-style hash fields, which cron-parser accepts and Spring does not. */
const HASH_FIELD = /(^|,)H(?=$|[(/,#])/i;

type Timer =
  | { form: 'duration'; interval: Duration }
  | { form: 'date'; at: DateTime }
  | { form: 'interval'; count: number; interval: Duration; start?: DateTime }
  | { form: 'cron'; fields: string[] };

/** Thrown while parsing; `parse` turns it into a TimerDefinitionError naming the definition. */
class Rejection extends Error {}

/**
 * First due time of a timer armed at `now` (epoch ms).
 * Throws TimerDefinitionError with a clear message on bad input.
 */
export function firstDue(def: TimerDefinition, now: number): TimerDue {
  const timer = parse(def);
  switch (timer.form) {
    case 'duration':
      return { dueAt: plus(now, UTC, timer.interval), repetitions: 0 };
    case 'date':
      return { dueAt: timer.at.toMillis(), repetitions: 0 };
    case 'interval': {
      // Zeebe 8.5 fires at a start still ahead; a start at or before now is treated as absent.
      const startAt = timer.start?.toMillis();
      const dueAt = startAt !== undefined && startAt > now ? startAt : plus(now, UTC, timer.interval);
      return { dueAt, repetitions: timer.count === UNBOUNDED ? UNBOUNDED : timer.count - 1 };
    }
    case 'cron': {
      const dueAt = cronAfter(timer.fields, now);
      if (dueAt === undefined) throw new TimerDefinitionError(`Invalid timer cycle '${def.value}': it never fires`);
      return { dueAt, repetitions: UNBOUNDED };
    }
  }
}

/**
 * For a 'cycle' that just fired at `firedDueAt` with `repetitions` left (-1 unbounded, >0 bounded),
 * the next firing; undefined when repetitions is 0 (and for durations and dates, which never repeat).
 * With `now`, a next firing already in the past (the engine was down) moves to one period after
 * `now`, as Zeebe does, instead of catching up period by period.
 */
export function nextDue(def: TimerDefinition, firedDueAt: number, repetitions: number, now?: number): TimerDue | undefined {
  const next = nextAfter(def, firedDueAt, repetitions);
  if (next && now !== undefined && next.dueAt <= now) return nextAfter(def, now, repetitions);
  return next;
}

function nextAfter(def: TimerDefinition, firedDueAt: number, repetitions: number): TimerDue | undefined {
  if (repetitions === 0) return undefined;
  if (repetitions !== UNBOUNDED && !(Number.isInteger(repetitions) && repetitions > 0)) {
    throw new RangeError(`repetitions must be -1 or a positive integer, got ${repetitions}`);
  }
  const timer = parse(def);
  if (timer.form === 'interval') {
    // Like Zeebe, anchor on the previous due time (no drift), adding in the start's zone.
    const dueAt = plus(firedDueAt, timer.start?.zone ?? UTC, timer.interval);
    return { dueAt, repetitions: repetitions === UNBOUNDED ? UNBOUNDED : repetitions - 1 };
  }
  if (timer.form === 'cron') {
    const dueAt = cronAfter(timer.fields, firedDueAt);
    return dueAt === undefined ? undefined : { dueAt, repetitions: UNBOUNDED };
  }
  return undefined;
}

function parse(def: TimerDefinition): Timer {
  const text = def.value.trim();
  try {
    switch (def.kind) {
      case 'duration':
        return { form: 'duration', interval: parseInterval(text) };
      case 'date':
        return { form: 'date', at: parseDateTime(text) };
      case 'cycle':
        // Zeebe: anything starting with "R" is a repeating interval, everything else a cron expression.
        return text.startsWith('R') ? parseRepeatingInterval(text) : { form: 'cron', fields: parseCron(text) };
      default:
        throw new Rejection(`unknown timer kind '${String(def.kind)}'`);
    }
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    throw new TimerDefinitionError(`Invalid timer ${String(def.kind)} '${def.value}': ${error.message}`);
  }
}

function parseInterval(text: string): Duration {
  const match = ISO_DURATION.exec(text);
  const parts = match?.slice(2, 9) ?? [];
  if (!match || parts.every((part) => part === undefined) || /T$/i.test(text)) {
    throw new Rejection('expected an ISO 8601 duration such as PT15S, P3D or P1Y2M');
  }
  const [years, months, weeks, days, hours, minutes, seconds] = parts.map((part) => Number(part ?? 0));
  const milliseconds = Number((match[9] ?? '').padEnd(3, '0').slice(0, 3));
  const interval = Duration.fromObject({ years, months, weeks, days, hours, minutes, seconds, milliseconds });
  return match[1] === '-' ? interval.negate() : interval;
}

function parseDateTime(text: string): DateTime {
  const match = ISO_ZONED_DATE_TIME.exec(text);
  if (!match) {
    throw new Rejection('expected an ISO 8601 date-time with Z or an offset, e.g. 2026-12-01T09:00:00+08:00[Asia/Shanghai]');
  }
  const at = DateTime.fromISO(match[1]!, { setZone: true });
  if (!at.isValid) throw new Rejection(at.invalidExplanation ?? 'not a valid date-time');
  const zoneId = match[2];
  if (zoneId === undefined) return at;
  if (!IANAZone.isValidZone(zoneId)) throw new Rejection(`unknown zone id '${zoneId}'`);
  // As in java.time, the offset fixes the instant; the zone governs later calendar arithmetic.
  return at.setZone(zoneId);
}

function parseRepeatingInterval(text: string): Timer {
  const match = REPEATING_INTERVAL.exec(text);
  if (!match) throw new Rejection('expected R[n]/[start/]interval, e.g. R5/PT10S or R/2026-12-01T09:00:00Z/P1Y');
  const count = match[1] === '' ? UNBOUNDED : Number(match[1]);
  if (count === 0) throw new Rejection('R0 never fires; omit the count (R/) to repeat forever');
  if (count > MAX_REPETITIONS) throw new Rejection(`at most ${MAX_REPETITIONS} repetitions`);
  const rest = match[2]!;
  const slash = rest.lastIndexOf('/');
  const start = slash >= 0 ? parseDateTime(rest.slice(0, slash)) : undefined;
  const interval = parseInterval(rest.slice(slash + 1));
  if (plus(0, UTC, interval) <= 0) throw new Rejection('the interval must be longer than zero');
  return { form: 'interval', count, interval, ...(start ? { start } : {}) };
}

function parseCron(text: string): string[] {
  const fields = (CRON_MACROS[text.toLowerCase()] ?? text).split(/\s+/);
  if (fields.length !== 6) {
    throw new Rejection('expected an ISO 8601 repeating interval or a 6-field cron expression (second minute hour day month weekday)');
  }
  if (fields.some((field) => HASH_FIELD.test(field))) throw new Rejection("'H' is not part of Spring's cron syntax");
  try {
    CronExpressionParser.parse(fields.join(' '), { tz: 'UTC' });
  } catch (error) {
    throw new Rejection(error instanceof Error ? error.message : String(error));
  }
  return fields;
}

/**
 * Next instant strictly after `after` (UTC) matching every field. Spring, unlike Unix cron,
 * requires both day-of-month and day-of-week to match when both are restricted.
 */
function cronAfter(fields: string[], after: number): number | undefined {
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  const isWildcard = (field: string | undefined) => field === '*' || field === '?';
  if (isWildcard(dayOfMonth) || isWildcard(dayOfWeek)) return cronNext(fields.join(' '), after);
  const byDayOfMonth = `${second} ${minute} ${hour} ${dayOfMonth} ${month} *`;
  const byDayOfWeek = `${second} ${minute} ${hour} * ${month} ${dayOfWeek}`;
  let from = after;
  for (let round = 0; round < 1000; round++) {
    const candidate = cronNext(byDayOfMonth, from);
    const weekdayMatch = candidate === undefined ? undefined : cronNext(byDayOfWeek, candidate - 1);
    if (candidate === undefined || weekdayMatch === undefined) return undefined;
    if (weekdayMatch === candidate) return candidate;
    from = weekdayMatch - 1;
  }
  return undefined;
}

function cronNext(expression: string, after: number): number | undefined {
  try {
    return CronExpressionParser.parse(expression, { currentDate: new Date(after), tz: 'UTC' }).next().getTime();
  } catch {
    return undefined;
  }
}

function plus(epochMs: number, zone: Zone, interval: Duration): number {
  return DateTime.fromMillis(epochMs, { zone }).plus(interval).toMillis();
}
