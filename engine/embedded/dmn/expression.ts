/**
 * FEEL as a decision table speaks it: expressions (input expressions, output entries, literal
 * expressions), unary tests (input entries, tested against the input value `?`), the DMN type
 * references that guard values, and the conversion of FEEL values to the plain JSON Zeebe stores.
 */
import { evaluate, FeelDate, FeelDateTime, FeelDuration, FeelTime, parseExpression, parseUnaryTests, unaryTest } from 'feelin';

/** What a FEEL text is read as. */
export type FeelKind = 'expression' | 'unary tests';

/** A FEEL text could not be evaluated; callers add which decision, rule and cell it belongs to. */
export class FeelFailure extends Error {}

/** Input entries that match any input value: empty or `-`. */
export function matchesAnything(test: string): boolean {
  const trimmed = test.trim();
  return trimmed === '' || trimmed === '-';
}

/** Describes the first syntax error of a FEEL text, or returns undefined when it parses. */
export function feelSyntaxError(text: string, kind: FeelKind): string | undefined {
  const tree = kind === 'expression' ? parseExpression(text, {}, undefined) : parseUnaryTests(text, {}, undefined);
  let error: string | undefined;
  tree.iterate({
    enter(node) {
      if (error !== undefined) return false;
      if (node.type.isError) {
        const near = text.slice(node.from, node.to);
        error = near ? `unexpected '${near}' at ${node.from + 1}` : `incomplete ${kind} at ${node.from + 1}`;
        return false;
      }
      return undefined;
    },
  });
  return error === undefined ? undefined : `FEEL ${kind} '${text}' does not parse: ${error}`;
}

/** Evaluates a FEEL expression; the value stays a FEEL value (temporal types included). */
export function evaluateExpression(text: string, context: Record<string, unknown>): unknown {
  try {
    return evaluate(text, context).value ?? null;
  } catch (error) {
    throw new FeelFailure(`FEEL expression '${text}' failed: ${(error as Error).message}`);
  }
}

/** Tests an input value against an input entry; `null` (not comparable) counts as no match. */
export function testInputEntry(test: string, input: unknown, context: Record<string, unknown>): boolean {
  if (matchesAnything(test)) return true;
  let result: unknown;
  try {
    result = unaryTest(test, { ...context, '?': input }).value;
  } catch (error) {
    throw new FeelFailure(`FEEL unary tests '${test}' failed: ${(error as Error).message}`);
  }
  if (result === true) return true;
  if (result === false || result === null || result === undefined) return false;
  throw new FeelFailure(`FEEL unary tests '${test}' must give true, false or null, but gave ${describe(result)}`);
}

/**
 * Checks a value against a DMN `typeRef` (with or without the `feel:` prefix), as Zeebe does
 * after evaluating inputs, outputs and literal expressions. Null passes; unknown types pass.
 * Returns the problem, or undefined when the value fits.
 */
export function typeMismatch(value: unknown, typeRef: string | undefined, options: { temporal: boolean }): string | undefined {
  if (!typeRef || value === null || value === undefined) return undefined;
  const type = typeRef.replace(/^feel:/, '');
  const fits = TYPE_TESTS[type];
  if (!fits) return undefined;
  if (!options.temporal && !PRIMITIVE_TYPES.has(type)) return undefined;
  return fits(value) ? undefined : `expected '${type}' but found ${describe(value)}`;
}

const PRIMITIVE_TYPES = new Set(['string', 'number', 'boolean']);

const TYPE_TESTS: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number',
  boolean: (value) => typeof value === 'boolean',
  date: (value) => value instanceof FeelDate,
  time: (value) => value instanceof FeelTime,
  dateTime: (value) => value instanceof FeelDateTime,
  dayTimeDuration: (value) => value instanceof FeelDuration,
  yearMonthDuration: (value) => value instanceof FeelDuration,
};

/** Turns a FEEL value into plain JSON: temporal values by their `toJSON()`, functions to null. */
export function toPlainJson(value: unknown): unknown {
  if (value === undefined || value === null || typeof value === 'function') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return (value as { toJSON(): unknown }).toJSON();
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, entry]) => [key, toPlainJson(entry)]));
}

/** A short rendering of a value for error messages. */
export function describe(value: unknown): string {
  const json = JSON.stringify(toPlainJson(value));
  const text = json === undefined ? String(value) : json;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
