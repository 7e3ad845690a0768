import { Router } from 'express';
import { z } from 'zod';
import { EmbeddedEngine } from '../engine/embedded';
import { ZeebeEngine } from '../engine/zeebe';
import { principalOf, requireRole } from './auth';
import type { ApiContext } from './context';
import { bpmnId } from './definitions.routes';
import { InstanceQueries, ObservedQueries } from './instances.repository';
import { InstanceService } from './instances.service';
import { describeRoute } from './openapi';
import { parse } from './validate';

/** A Zeebe key: a decimal string. */
export const engineKey = z.string().regex(/^\d{1,19}$/, 'expected a numeric key');
const keyParams = z.object({ key: engineKey }).strict();
const variables = z.record(z.string().max(200), z.unknown());
export const startBody = z.object({ bpmnProcessId: bpmnId, version: z.number().int().min(1).optional(), variables: variables.default({}) }).strict();
export const listQuery = z
  .object({
    bpmnProcessId: bpmnId.optional(),
    state: z.enum(['ACTIVE', 'COMPLETED', 'TERMINATED']).optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();
export const messageBody = z
  .object({
    name: z.string().min(1).max(255),
    correlationKey: z.string().max(255),
    variables: variables.optional(),
    /** Milliseconds the message waits for a subscription (at most a year). */
    timeToLive: z.number().int().min(0).max(366 * 24 * 3600 * 1000).optional(),
    messageId: z.string().min(1).max(255).optional(),
  })
  .strict();

/**
 * Where a view comes from: `engine` (the embedded engine, complete) or `observed` (Zeebe: what this
 * app saw, `complete: false`, with a message; Operate holds the full state).
 */
const provenance = {
  source: z.enum(['engine', 'observed']),
  complete: z.boolean(),
  message: z.string().optional(),
};
const instanceSummary = z.object({
  processInstanceKey: z.string(),
  bpmnProcessId: z.string(),
  version: z.number().int(),
  /** ACTIVE, COMPLETED, TERMINATED; on Zeebe also UNKNOWN (nothing observed says whether it still runs). */
  state: z.string(),
  /** On Zeebe, for an instance the app did not start: when it was first observed. */
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  documentTitle: z.string().nullable(),
  /** Zeebe only: false for an instance met through one of its jobs (started by a timer, a message or a call activity). */
  startedHere: z.boolean().optional(),
});
const incident = z.object({
  /** What POST /api/incidents/:key/resolve takes: the incident key, or on Zeebe the job key of an incident a worker of this app raised. */
  key: z.string(),
  state: z.string(),
  errorType: z.string(),
  errorMessage: z.string(),
  processInstanceKey: z.string(),
  elementId: z.string(),
  /** The element's name in the diagram, when known (Zeebe). */
  elementName: z.string().nullable(),
  elementInstanceKey: z.string(),
  bpmnProcessId: z.string(),
  jobKey: z.string().nullable(),
  /** The engine's incident key; on Zeebe null until resolved with the key Operate shows. */
  incidentKey: z.string().nullable(),
  createdAt: z.string(),
});
const instanceDetail = instanceSummary.omit({ documentTitle: true }).extend({
  processDefinitionKey: z.string(),
  variables,
  elements: z.array(z.object({ elementId: z.string(), state: z.enum(['ACTIVE', 'COMPLETED', 'TERMINATED']), overdue: z.boolean() })),
  incidents: z.array(incident),
  history: z.array(z.object({ type: z.string(), elementId: z.string().nullable(), timestamp: z.string() })),
  ...provenance,
});
export { incident as incidentSchema };
const started = z.object({ processInstanceKey: z.string(), bpmnProcessId: z.string(), version: z.number().int(), processDefinitionKey: z.string() });

/** The instance service of a context (the embedded engine's read side when it is the engine). */
export function instanceService(ctx: ApiContext): InstanceService {
  return new InstanceService({
    engine: ctx.engine,
    reader: ctx.engine instanceof EmbeddedEngine ? ctx.engine : undefined,
    observed: observedOf(ctx),
    queries: new InstanceQueries(ctx.database.db),
    audit: ctx.audit,
    now: () => ctx.clock.now(),
  });
}

/** On Zeebe: the queries over what the app observed, and the wait until the adapter recorded its events so far. */
export function observedOf(ctx: ApiContext): { queries: ObservedQueries; settled: () => Promise<void> } | undefined {
  const engine = ctx.engine;
  if (!(engine instanceof ZeebeEngine)) return undefined;
  return { queries: new ObservedQueries(ctx.database.db), settled: () => engine.observed() };
}

/** `/instances` (mounted behind `authenticate`). Which process a role may start: `STARTERS` in instances.service.ts. */
export function instancesRoutes(ctx: ApiContext): Router {
  const router = Router();
  const instances = instanceService(ctx);
  const tags = ['instances'];
  const readers = ['admin', 'supervisor', 'general-office', 'drafting-dept'] as const;

  describeRoute({
    method: 'post',
    path: '/api/instances',
    summary: 'Start a process instance (who may start what: see STARTERS; 404 when the process is not deployed, 409 when it has no none start event)',
    tags,
    roles: ['admin', 'general-office', 'drafting-dept'],
    body: startBody,
    status: 201,
    response: started,
    errors: [404, 409],
  });
  router.post('/', requireRole('admin', 'general-office', 'drafting-dept'), async (req, res) => {
    const body = parse(startBody, req.body);
    res.status(201).json(await instances.start(body, principalOf(req)));
  });

  describeRoute({ method: 'get', path: '/api/instances', summary: 'Process instances, newest first (a drafting department sees its own); on Zeebe those the app observed (422 NOT_SUPPORTED for state=COMPLETED)', tags, roles: readers, query: listQuery, response: z.object({ items: z.array(instanceSummary), total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), ...provenance }), errors: [422] });
  router.get('/', requireRole(...readers), async (req, res) => {
    const query = parse(listQuery, req.query, 'query');
    res.json(await instances.list(query, principalOf(req)));
  });

  describeRoute({ method: 'get', path: '/api/instances/:key', summary: 'One instance: variables, element states for overlays, incidents, history; on Zeebe what the app observed', tags, roles: readers, params: keyParams, response: instanceDetail, errors: [404] });
  router.get('/:key', requireRole(...readers), async (req, res) => {
    const { key } = parse(keyParams, req.params, 'path');
    res.json(await instances.get(key, principalOf(req)));
  });

  describeRoute({ method: 'post', path: '/api/instances/:key/cancel', summary: 'Cancel a running instance (409 when it has ended)', tags, roles: ['admin', 'general-office'], params: keyParams, status: 204, errors: [404, 409] });
  router.post('/:key/cancel', requireRole('admin', 'general-office'), async (req, res) => {
    const { key } = parse(keyParams, req.params, 'path');
    await instances.cancel(key, principalOf(req));
    res.status(204).end();
  });
  return router;
}

/** `/messages` (mounted behind `authenticate`): admins and the General Office publish messages. */
export function messagesRoutes(ctx: ApiContext): Router {
  const router = Router();
  const instances = instanceService(ctx);
  describeRoute({ method: 'post', path: '/api/messages', summary: 'Publish a message (409 ALREADY_EXISTS for a messageId already published)', tags: ['instances'], roles: ['admin', 'general-office'], body: messageBody, status: 201, response: z.object({ messageKey: z.string() }), errors: [409] });
  router.post('/', requireRole('admin', 'general-office'), async (req, res) => {
    const body = parse(messageBody, req.body);
    res.status(201).json(await instances.publishMessage(body, principalOf(req)));
  });
  return router;
}
