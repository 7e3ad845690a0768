import { Router } from 'express';
import { z } from 'zod';
import { DefinitionRepository } from '../store/definition.repository';
import { principalOf, requireRole } from './auth';
import type { ApiContext } from './context';
import { DefinitionService } from './definitions.service';
import { describeRoute } from './openapi';
import { parse } from './validate';

/** A BPMN id (XML NCName). */
export const bpmnId = z.string().regex(/^[A-Za-z_][\w.-]{0,254}$/, 'expected a BPMN id (a letter or _, then letters, digits, _ . -)');
const processParams = z.object({ processId: bpmnId }).strict();
const versionParams = z.object({ processId: bpmnId, version: z.coerce.number().int().min(1).max(1_000_000) }).strict();
/** The largest diagram accepted (the JSON body limit applies first). */
const MAX_XML = 5 * 1024 * 1024;
export const deployBody = z
  .object({
    name: z.string().regex(/^[\p{L}\p{N} _.()-]{1,120}\.(bpmn|dmn)$/u, "expected a file name of letters, digits, spaces and _ . ( ) - ending in '.bpmn' or '.dmn'"),
    xml: z.string().min(1).max(MAX_XML),
  })
  .strict();
export const lintBody = z.object({ xml: z.string().min(1).max(MAX_XML) }).strict();

const problem = z.object({ elementId: z.string().nullable(), message: z.string(), rule: z.string() });
const summary = z.object({ bpmnProcessId: z.string(), name: z.string().nullable(), latestVersion: z.number().int(), versions: z.number().int() });
const versions = z.object({
  bpmnProcessId: z.string(),
  name: z.string().nullable(),
  versions: z.array(z.object({ version: z.number().int(), processDefinitionKey: z.string(), resourceName: z.string(), createdAt: z.string() })),
});
const deployed = z.object({
  processes: z.array(z.object({ bpmnProcessId: z.string(), version: z.number().int(), processDefinitionKey: z.string() })),
  decisions: z.array(z.object({ decisionId: z.string(), version: z.number().int(), decisionKey: z.string() })),
});

/** The definitions service of a context. */
export function definitionService(ctx: ApiContext): DefinitionService {
  return new DefinitionService({ engine: ctx.engine, engineKind: ctx.engineKind, repository: new DefinitionRepository(ctx.database.db), audit: ctx.audit, now: () => ctx.clock.now() });
}

/** `/definitions` (mounted behind `authenticate`): everyone reads, admins lint and deploy. */
export function definitionsRoutes(ctx: ApiContext): Router {
  const router = Router();
  const definitions = definitionService(ctx);
  const tags = ['definitions'];

  describeRoute({ method: 'get', path: '/api/definitions', summary: 'Deployed processes', tags, response: z.array(summary) });
  router.get('/', async (_req, res) => {
    res.json(await definitions.list());
  });

  describeRoute({ method: 'post', path: '/api/definitions/lint', summary: 'Lint a diagram as a deployment would', tags, roles: ['admin'], body: lintBody, response: z.object({ problems: z.array(problem) }) });
  router.post('/lint', requireRole('admin'), async (req, res) => {
    const body = parse(lintBody, req.body);
    res.json({ problems: await definitions.lint(body.xml) });
  });

  describeRoute({ method: 'post', path: '/api/definitions', summary: 'Deploy a BPMN (or DMN) resource; 422 LINT_FAILED lists the problems', tags, roles: ['admin'], body: deployBody, response: deployed, status: 201, errors: [422] });
  router.post('/', requireRole('admin'), async (req, res) => {
    const body = parse(deployBody, req.body);
    res.status(201).json(await definitions.deploy(body, principalOf(req)));
  });

  describeRoute({ method: 'get', path: '/api/definitions/:processId', summary: 'The versions of a process', tags, params: processParams, response: versions, errors: [404] });
  router.get('/:processId', async (req, res) => {
    const { processId } = parse(processParams, req.params, 'path');
    res.json(await definitions.versions(processId));
  });

  describeRoute({ method: 'get', path: '/api/definitions/:processId/versions/:version/xml', summary: 'The BPMN XML of a version', tags, params: versionParams, responseType: 'text/xml', errors: [404] });
  router.get('/:processId/versions/:version/xml', async (req, res) => {
    const { processId, version } = parse(versionParams, req.params, 'path');
    const xml = await definitions.xml(processId, version);
    // a diagram is data: never let a browser run anything embedded in it
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.type('text/xml; charset=utf-8').send(xml);
  });
  return router;
}
