import { Router } from 'express';
import { z } from 'zod';
import { FormRepository } from '../store/form.repository';
import { principalOf, requireRole } from './auth';
import type { ApiContext } from './context';
import { FormService, formId, formSchema, loadElementTemplates } from './forms.service';
import { describeRoute } from './openapi';
import { parse } from './validate';

const formParams = z.object({ id: formId }).strict();
const formListItem = z.object({ id: z.string(), name: z.string().nullable(), version: z.number().int(), updatedAt: z.string() });
/** A Camunda element template (its JSON schema: @camunda/zeebe-element-templates-json-schema); the modeler reads every property. */
const elementTemplate = z
  .object({
    $schema: z.string().optional(),
    name: z.string(),
    id: z.string(),
    version: z.number().int().optional(),
    description: z.string().optional(),
    category: z.object({ id: z.string(), name: z.string() }).optional(),
    appliesTo: z.array(z.string()),
    elementType: z.object({ value: z.string() }).optional(),
    engines: z.record(z.string(), z.string()).optional(),
    groups: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
    properties: z.array(z.record(z.string(), z.unknown())),
  })
  .loose();

/** `/forms` (mounted behind `authenticate`): everyone reads, admins edit. */
export function formsRoutes(ctx: ApiContext): Router {
  const router = Router();
  const forms = new FormService(new FormRepository(ctx.database.db), ctx.audit, () => ctx.clock.now());
  const tags = ['forms'];

  describeRoute({ method: 'get', path: '/api/forms', summary: 'The task forms', tags, response: z.array(formListItem) });
  router.get('/', async (_req, res) => {
    res.json(await forms.list());
  });

  describeRoute({ method: 'get', path: '/api/forms/:id', summary: 'A form-js schema', tags, params: formParams, response: formSchema, errors: [404] });
  router.get('/:id', async (req, res) => {
    const { id } = parse(formParams, req.params, 'path');
    res.json(await forms.get(id));
  });

  describeRoute({ method: 'put', path: '/api/forms/:id', summary: 'Create or replace a form (form-js schema whose id is the path id)', tags, roles: ['admin'], params: formParams, body: formSchema, response: z.object({ id: z.string(), version: z.number().int() }), errors: [409] });
  router.put('/:id', requireRole('admin'), async (req, res) => {
    const { id } = parse(formParams, req.params, 'path');
    const schema = parse(formSchema, req.body, 'form schema');
    res.json(await forms.save(id, schema, principalOf(req)));
  });
  return router;
}

/** `/element-templates` (mounted behind `authenticate`): the workers' element templates for the modeler. */
export function elementTemplateRoutes(): Router {
  const router = Router();
  const templates = loadElementTemplates();
  describeRoute({ method: 'get', path: '/api/element-templates', summary: "Element templates of the product's workers", tags: ['forms'], response: z.array(elementTemplate) });
  router.get('/', (_req, res) => {
    res.json(templates);
  });
  return router;
}
