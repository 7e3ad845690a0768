import { z } from 'zod';
import { describeRoute, type HttpMethod, type RouteDescription } from './openapi';

/**
 * Small HTTP pieces the records routes share: how free text, instants, department ids and pages
 * are read, and how times leave (ISO-8601 strings; the store keeps epoch ms).
 */

/** Free text kept verbatim (never trimmed or rewritten), not blank, at most `max` characters. */
export function text(max: number) {
  return z
    .string()
    .max(max)
    .refine((value) => value.trim().length > 0, 'must not be blank');
}

/** An instant with its offset (`2026-12-01T09:00:00+08:00` or `...Z`), read as epoch ms. */
export const instant = z.iso.datetime({ offset: true }).transform((value) => Date.parse(value));

/** A department (or office / evaluator organisation) id such as `dept-commerce`. */
export const departmentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'expected a department id such as dept-commerce');

/** A record id in a path. */
export const recordId = z.string().min(1).max(128);

/** `?page=1&pageSize=20` of the contract. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

/** A page of a list as the contract answers it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Rows to skip for a page. */
export function offsetOf(query: { page: number; pageSize: number }): number {
  return (query.page - 1) * query.pageSize;
}

/** A row whose `...At` epoch-ms fields became ISO strings. */
export type IsoTimes<T> = {
  [K in keyof T]: K extends `${string}At` ? (T[K] extends number ? string : T[K] extends number | null ? string | null : T[K]) : T[K];
};

/** Turns every `...At` epoch-ms field of a row into an ISO-8601 string (null stays null). */
export function isoTimes<T extends object>(row: T): IsoTimes<T> {
  const out = { ...row } as Record<string, unknown>;
  for (const [key, value] of Object.entries(out)) {
    if (key.endsWith('At') && typeof value === 'number') out[key] = new Date(value).toISOString();
  }
  return out as IsoTimes<T>;
}

/** Describes the records routes of one resource in the OpenAPI document (paths without the `/api` prefix). */
export function openApi(tag: string) {
  return (method: HttpMethod, path: string, summary: string, roles: RouteDescription['roles'], extra: Omit<Partial<RouteDescription>, 'method' | 'path' | 'summary' | 'roles'> = {}) =>
    describeRoute({ method, path: `/api${path}`, summary, tags: [tag], roles, ...extra });
}
