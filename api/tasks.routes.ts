import { Router } from 'express';
import { z } from 'zod';
import { principalOf } from './auth';
import type { ApiContext } from './context';
import { describeRoute } from './openapi';
import { OVERSEERS, TaskService } from './tasks.service';
import { parse } from './validate';

/** An optional text filter; empty means no filter. */
const text = z.string().trim().max(200).transform((v) => v || undefined);
export const taskListQuery = z
  .object({
    filter: z.enum(['mine', 'groups', 'all']).optional(),
    state: z.enum(['CREATED', 'COMPLETED', 'CANCELED', 'ALL']).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    bpmnProcessId: text.optional(),
    department: text.optional(),
    q: text.optional(),
    sort: z.enum(['dueDate', 'createdAt']).default('dueDate'),
    order: z.enum(['asc', 'desc']).default('asc'),
    page: z.coerce.number().int().min(1).max(1_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
const idParams = z.object({ id: z.string().max(40) }).strict();
export const completeBody = z.object({ variables: z.record(z.string(), z.unknown()).default({}) }).strict();
export const assignBody = z.object({ assignee: z.string().trim().min(1).max(100).nullable() }).strict();

export const taskSchema = z.object({
  id: z.string(),
  name: z.string(),
  elementId: z.string(),
  processInstanceKey: z.string(),
  bpmnProcessId: z.string(),
  processDefinitionKey: z.string(),
  assignee: z.string().nullable(),
  candidateGroups: z.array(z.string()),
  candidateUsers: z.array(z.string()),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  overdueWorkingDays: z.number().int(),
  state: z.enum(['CREATED', 'COMPLETED', 'CANCELED']),
  formId: z.string().nullable(),
  department: z.string().nullable(),
  documentTitle: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
const taskPage = z.object({
  items: z.array(taskSchema),
  total: z.number().int().describe('matching tasks, counted up to 10,000 (open tasks) or 1,000 (lists with closed tasks); with totalIsLowerBound at least this many'),
  totalIsLowerBound: z.boolean().describe('true when more than `total` tasks match (show "10000+" / "1000+")'),
  page: z.number().int(),
  pageSize: z.number().int(),
});
const taskDetail = z.object({
  task: taskSchema,
  form: z.record(z.string(), z.unknown()).nullable(),
  variables: z.record(z.string(), z.unknown()),
  document: z.object({ id: z.string(), number: z.string().nullable(), title: z.string(), category: z.string(), version: z.number().int(), status: z.string() }).nullable(),
});

/** `/tasks` (behind `authenticate`): the inbox. */
export function taskRoutes(ctx: ApiContext): Router {
  const router = Router();
  const service = new TaskService(ctx);
  const tags = ['tasks'];

  describeRoute({ method: 'get', path: '/api/tasks', summary: 'Tasks: mine and my groups\' (default), filtered, due date ascending, paginated; filter=all for overseers', tags, query: taskListQuery, response: taskPage });
  router.get('/', async (req, res) => {
    const query = parse(taskListQuery, req.query, 'query');
    res.json(await service.list(principalOf(req), { ...query, overdue: query.overdue === 'true' }));
  });

  describeRoute({ method: 'get', path: '/api/tasks/:id', summary: 'A task with its form, variables and document', tags, params: idParams, response: taskDetail, errors: [404] });
  router.get('/:id', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(await service.detail(principalOf(req), id));
  });

  describeRoute({ method: 'post', path: '/api/tasks/:id/claim', summary: 'Claim a task offered to one of my groups or to me by name (409 TASK_CLAIMED, TASK_COMPLETED, TASK_CANCELED)', tags, params: idParams, response: taskSchema, errors: [404, 409] });
  router.post('/:id/claim', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(await service.claim(principalOf(req), id));
  });

  describeRoute({ method: 'post', path: '/api/tasks/:id/unclaim', summary: 'Give a claimed task back to its groups', tags, params: idParams, response: taskSchema, errors: [404, 409] });
  router.post('/:id/unclaim', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    res.json(await service.unclaim(principalOf(req), id));
  });

  describeRoute({ method: 'post', path: '/api/tasks/:id/assign', summary: 'Assign a task to a user (null: back to its groups)', tags, roles: OVERSEERS, params: idParams, body: assignBody, response: taskSchema, errors: [404, 409, 422] });
  router.post('/:id/assign', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    const { assignee } = parse(assignBody, req.body);
    res.json(await service.assign(principalOf(req), id, assignee));
  });

  describeRoute({
    method: 'post',
    path: '/api/tasks/:id/complete',
    summary: 'Complete a task with its form data (422 FORM_INVALID, 403, 409 TASK_COMPLETED / TASK_CANCELED); the job also gets `completedBy` {id, username, name, department} of the token',
    tags,
    params: idParams,
    body: completeBody,
    response: taskSchema,
    errors: [404, 409, 422],
  });
  router.post('/:id/complete', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    const { variables } = parse(completeBody, req.body ?? {});
    res.json(await service.complete(principalOf(req), id, variables));
  });
  return router;
}
