import { evaluate, FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { DateTime } from 'luxon';
import type { Variables } from '../port';

/** A FEEL expression failed or produced a value of the wrong type; becomes an incident. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** Zeebe marks expressions with a leading `=`; anything else is a static value. */
export function isExpression(value: string | undefined): value is string {
  return typeof value === 'string' && value.trimStart().startsWith('=');
}

function body(expression: string): string {
  return expression.trimStart().slice(1);
}

/** Turns FEEL values (temporal types, nested structures) into plain JSON values as Zeebe stores them. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof FeelDateTime || value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDuration) {
    return isoOf(value);
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return (value as { toJSON(): unknown }).toJSON();
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJsonValue(v)]));
  }
  if (typeof value === 'function') return null;
  return value;
}

/**
 * ISO-8601 text of a FEEL temporal value, as Zeebe's Java types print it: offsets as they are,
 * FEEL's `@Zone` as `+08:00[Asia/Shanghai]`, local date-times without zone.
 */
function isoOf(value: FeelDateTime | FeelDate | FeelTime | FeelDuration): string {
  const iso = (value as unknown as { iso: string }).iso;
  const at = iso.indexOf('@');
  if (at < 0) return iso;
  const zone = iso.slice(at + 1);
  const zoned = DateTime.fromISO(iso.slice(0, at), { zone });
  return zoned.isValid ? `${zoned.toISO({ suppressMilliseconds: true })}[${zone}]` : iso;
}

/** FEEL-Scala's `assert(value, condition[, cause])` (Zeebe 8.5): the value, or a failure that becomes an incident. */
function feelAssert(value: unknown, condition: unknown, cause?: unknown): unknown {
  if (condition !== true) throw new ExpressionError(typeof cause === 'string' ? cause : 'Assertion failure on evaluate the expression');
  return value;
}

/**
 * The variables an expression can refer to (every name that occurs in its text): feelin walks
 * the whole context on each evaluation, so a 10,000-item list nobody reads would make every
 * evaluation cost as much as the list.
 */
function referenced(text: string, context: Variables): Variables {
  const result: Variables = {};
  for (const name in context) if (text.includes(name)) result[name] = context[name];
  return result;
}

/** Evaluates a Zeebe expression (`=…`) or returns the static text. */
export function evaluateValue(expression: string, context: Variables): unknown {
  if (!isExpression(expression)) return expression;
  let result: { value: unknown; warnings: unknown[] };
  try {
    result = evaluate(body(expression), { assert: feelAssert, ...referenced(body(expression), context) }) as { value: unknown; warnings: unknown[] };
  } catch (error) {
    throw new ExpressionError(`failed to evaluate expression '${body(expression)}': ${(error as Error).message}`);
  }
  return toJsonValue(result.value);
}

export function evaluateString(expression: string, context: Variables, what: string): string {
  const value = evaluateValue(expression, context);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && isExpression(expression)) return String(value);
  throw new ExpressionError(`expected ${what} '${expression}' to be a string, but was ${describe(value)}`);
}

export function evaluateNumber(expression: string, context: Variables, what: string): number {
  const value = isExpression(expression) ? evaluateValue(expression, context) : Number(expression);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new ExpressionError(`expected ${what} '${expression}' to be a number, but was ${describe(value)}`);
}

/** Evaluates a sequence-flow condition; only `true` takes the flow, as in Zeebe. */
export function evaluateCondition(expression: string, context: Variables): boolean {
  const value = evaluateValue(expression.trimStart().startsWith('=') ? expression : `=${expression}`, context);
  if (typeof value === 'boolean') return value;
  throw new ExpressionError(`expected condition '${expression}' to be a boolean, but was ${describe(value)}`);
}

/** A list of strings from a static comma-separated text or a FEEL list (candidate groups/users). */
export function evaluateStringList(expression: string, context: Variables, what: string): string[] {
  if (!isExpression(expression)) return String(expression).split(',').map((part) => part.trim()).filter(Boolean);
  const value = evaluateValue(expression, context);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new ExpressionError(`expected ${what} '${expression}' to be a list of strings, but was ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 80)}`;
}
