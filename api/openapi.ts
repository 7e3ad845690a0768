/**
 * The OpenAPI 3.1 description of the HTTP API, generated from the same zod schemas the routes
 * parse with, and served at `GET /api/openapi.json` (public).
 *
 * How an area adds its routes — call `describeRoute` once per route, next to where the route is
 * mounted (calling it again for the same method and path replaces the entry, so building several
 * apps in tests is harmless):
 *
 * ```ts
 * import { describeRoute } from './openapi';
 * describeRoute({
 *   method: 'post', path: '/api/tasks/:id/complete', summary: 'Complete a task', tags: ['tasks'],
 *   roles: 'any',                 // 'public' (no token), 'any' (any logged-in user) or a role list
 *   params: z.object({ id: z.string() }),          // optional; otherwise the path's :names are strings
 *   query: listQuery, body: completeBody,          // optional zod schemas (the ones you parse with)
 *   response: taskSchema, status: 200,             // optional: response schema and success status
 *   errors: [404, 409, 422],                       // optional: error statuses besides 400, 401, 403 (and 413 with a body)
 * });
 * ```
 * Paths are written as Express paths including `/api`; `:name` becomes `{name}`.
 */
import { Router } from 'express';
import { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One route as the OpenAPI document shows it. */
export interface RouteDescription {
  method: HttpMethod;
  /** Express-style path including `/api`, e.g. `/api/instances/:key`. */
  path: string;
  summary: string;
  tags?: string[];
  /** Who may call it: `public` (no token), `any` (any logged-in user), or the roles allowed. */
  roles?: 'public' | 'any' | readonly string[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Media type of the body (default `application/json`). */
  bodyType?: string;
  response?: z.ZodType;
  /** Media type of the success response (default `application/json`). */
  responseType?: string;
  /** Further media types the success response is negotiated as (`Accept`), e.g. a CSV export of a JSON list. */
  alternativeTypes?: string[];
  /** Success status (default 200). */
  status?: number;
  /** Error statuses the route answers besides 400 (401 / 403 unless public, 413 when it takes a body), each with the Error body. */
  errors?: number[];
}

const routes = new Map<string, RouteDescription>();

/** Adds (or replaces) one route in the OpenAPI document. */
export function describeRoute(route: RouteDescription): void {
  routes.set(`${route.method} ${route.path}`, route);
}

/** Every described route, in the order first described. */
export function describedRoutes(): RouteDescription[] {
  return [...routes.values()];
}

/** A zod schema as JSON Schema (the input side: what a client sends), without the `$schema` key. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function parametersOf(route: RouteDescription): unknown[] {
  const parameters: unknown[] = [];
  const pathNames = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const pathProps = route.params ? ((jsonSchema(route.params, 'input').properties ?? {}) as Record<string, unknown>) : {};
  for (const name of pathNames) parameters.push({ name, in: 'path', required: true, schema: pathProps[name] ?? { type: 'string' } });
  if (route.query) {
    const query = jsonSchema(route.query, 'input');
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, unknown>)) {
      parameters.push({ name, in: 'query', required: required.has(name), schema });
    }
  }
  return parameters;
}

/** What an error status means, as the document describes it. */
const ERROR_MEANINGS: Record<number, string> = {
  400: 'bad request (malformed parameters or body)',
  401: 'no valid token',
  403: 'not allowed for this user',
  404: 'not found (or not visible to this user)',
  409: 'conflict with the current state',
  413: 'body too large',
  422: 'invalid data (details: the fields)',
  429: 'too many requests',
};

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
};

/** The schema of a body that is not JSON: text, or bytes. */
function opaqueSchema(mediaType: string): Record<string, unknown> {
  return mediaType.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' };
}

function successContent(route: RouteDescription): Record<string, unknown> {
  const type = route.responseType ?? 'application/json';
  const content: Record<string, unknown> = { [type]: { schema: route.response ? jsonSchema(route.response, 'output') : type === 'application/json' ? {} : opaqueSchema(type) } };
  for (const alternative of route.alternativeTypes ?? []) content[alternative] = { schema: opaqueSchema(alternative) };
  return content;
}

function operationOf(route: RouteDescription): Record<string, unknown> {
  const status = String(route.status ?? 200);
  const success = status === '204' ? { description: 'done' } : { description: 'success', content: successContent(route) };
  const responses: Record<string, unknown> = { [status]: success };
  const error = (code: number | 'default') => ({
    description: code === 'default' ? 'error' : (ERROR_MEANINGS[code] ?? 'error'),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  // a request body passes the body parser first, which refuses one over BODY_LIMIT
  const codes = [400, ...(route.roles !== 'public' ? [401, 403] : []), ...(route.body ? [413] : []), ...(route.errors ?? [])];
  for (const code of [...new Set(codes)].sort()) responses[String(code)] = error(code);
  responses.default = error('default');
  const roles = route.roles ?? 'any';
  return {
    summary: route.summary,
    ...(route.tags ? { tags: route.tags } : {}),
    ...(roles === 'public' ? { security: [] } : {}),
    ...(Array.isArray(roles) ? { description: `Roles: ${roles.join(', ')}` } : {}),
    parameters: parametersOf(route),
    ...(route.body ? { requestBody: { required: true, content: { [route.bodyType ?? 'application/json']: { schema: jsonSchema(route.body, 'input') } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of every described route. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes.values()) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[route.method] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'policy-flow API', version: '0.1.0', description: 'The four regimes of major policy documents as BPMN workflows. Errors: { error: { code, message, details? } }.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } }, schemas: { Error: errorSchema } },
    paths,
  };
}

/** `GET /openapi.json` (mounted under /api; public). */
export function openApiRoutes(): Router {
  const router = Router();
  describeRoute({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This OpenAPI document',
    tags: ['meta'],
    roles: 'public',
    response: z.object({ openapi: z.string(), info: z.record(z.string(), z.unknown()), paths: z.record(z.string(), z.record(z.string(), z.unknown())) }).passthrough(),
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  return router;
}
