import type { z } from 'zod';
import { Invalid } from '../domain/errors';

/**
 * Parses untrusted input with a zod schema (objects should be `.strict()` so unknown fields are
 * refused); a failure is an `Invalid` listing every problem as `{ field, message }`.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
  throw new Invalid(`invalid ${what}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}
