import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Who works in the product and what they may see: departments, users, refresh tokens; the task
 * inbox (a read model of the engine's user tasks); the append-only audit log. Times are epoch ms.
 */

/** Government departments (`dept-commerce`), the offices of regimes.md, and evaluator organisations. */
export const departments = pgTable('departments', {
  /** Also the candidate group of the department's tasks (`=draftingDept` evaluates to it). */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  kind: text('kind', { enum: ['office', 'department', 'district', 'evaluator'] }).notNull(),
});

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    username: text('username').notNull().unique(),
    name: text('name').notNull(),
    /** Argon2id (PHC string). */
    passwordHash: text('password_hash').notNull(),
    departmentId: text('department_id'),
    /** Roles of regimes.md plus admin and supervisor. */
    roles: jsonb('roles').$type<string[]>().notNull(),
    /** Set when the password is one of the published demo passwords (refused in production). */
    demoPassword: bigint('demo_password', { mode: 'number' }).notNull().default(0),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    disabledAt: bigint('disabled_at', { mode: 'number' }),
  },
  (t) => [index('users_department').on(t.departmentId)],
);

/** Issued refresh tokens by id (`jti`); a used or revoked one is refused. */
export const refreshTokens = pgTable('refresh_tokens', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  usedAt: bigint('used_at', { mode: 'number' }),
});

/**
 * The task inbox: one row per job-worker user task (`io.camunda.zeebe:userTask`), keyed by its
 * job key, projected from the engine's `userTask.*` events on either engine (upserted, so a job
 * the Zeebe bridge activates again changes nothing).
 */
export const tasks = pgTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    elementId: text('element_id').notNull(),
    processInstanceKey: text('process_instance_key').notNull(),
    bpmnProcessId: text('bpmn_process_id').notNull(),
    processDefinitionKey: text('process_definition_key').notNull(),
    state: text('state', { enum: ['CREATED', 'COMPLETED', 'CANCELED'] }).notNull(),
    assignee: text('assignee'),
    candidateGroups: jsonb('candidate_groups').$type<string[]>().notNull(),
    candidateUsers: jsonb('candidate_users').$type<string[]>().notNull(),
    /** Epoch ms of the due date header, for sorting and the overdue view. */
    dueAt: bigint('due_at', { mode: 'number' }),
    /** The due date header as the diagram gave it (ISO with its offset). */
    dueDate: text('due_date'),
    formId: text('form_id'),
    /** The department the stage belongs to (the candidate department group, else the instance's `draftingDept`). */
    department: text('department'),
    documentId: text('document_id'),
    documentTitle: text('document_title'),
    /** The instance variables when the task was created (what the form starts from). */
    variables: jsonb('variables').$type<Record<string, unknown>>().notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    completedAt: bigint('completed_at', { mode: 'number' }),
    completedBy: text('completed_by'),
  },
  (t) => [
    // lists order by (due_at, id): ending in id, these read a page in order (due dates tie a lot: 18:00 of a day)
    index('tasks_open_due').on(t.state, t.dueAt, t.id),
    index('tasks_assignee').on(t.assignee, t.state, t.dueAt, t.id),
    index('tasks_department').on(t.department, t.state, t.dueAt, t.id),
    index('tasks_instance').on(t.processInstanceKey),
    // supervision stats (migration 0014), read from the index alone: the open tasks per day over a
    // window are `completed_at is null` and `completed_at >= window start`, two ranges of this index
    index('tasks_completed').on(t.completedAt, t.createdAt, t.dueAt),
    // and the open / overdue counts now by department and by stage, in one pass over the open tasks only
    index('tasks_open_stage').on(t.department, t.bpmnProcessId, t.name, t.dueAt).where(sql`${t.state} = 'CREATED'`),
    check('tasks_state', sql`${t.state} in ('CREATED', 'COMPLETED', 'CANCELED')`),
  ],
);

/**
 * Who a task is offered to, one row per candidate group (`group:<id>`) and candidate user
 * (`user:<id or username>`), with the task's state: "offered to me or my groups" as a btree, so a
 * list reads the due-date-ordered entries of the principal's few candidates in one state (index only)
 * instead of every task's JSON lists: the inbox (CREATED) and the history (COMPLETED, CANCELED) alike.
 * Kept by triggers on `tasks` (migrations 0011, 0015) in the statement that changes the task. Like
 * Flowable's identity links, which it also keeps for the history.
 */
export const taskCandidates = pgTable(
  'task_candidates',
  {
    taskId: text('task_id').notNull(),
    candidate: text('candidate').notNull(),
    /** The task's due_at (copied, so that ordering and the overdue filter need no task row). */
    dueAt: bigint('due_at', { mode: 'number' }),
    /** The task's state (copied, so that each state's entries are one range of the index). */
    state: text('state').notNull(),
  },
  (t) => [primaryKey({ name: 'task_candidates_pkey', columns: [t.taskId, t.candidate] }), index('task_candidates_state_due').on(t.candidate, t.state, t.dueAt, t.taskId)],
);

/** Every mutation: who, what, when, before and after. Append-only (a trigger refuses UPDATE and DELETE). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: bigint('at', { mode: 'number' }).notNull(),
    /** A user id, `public` for anonymous submissions, or `worker:<type>`. */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    resource: text('resource').notNull(),
    resourceId: text('resource_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_log_resource').on(t.resource, t.resourceId), index('audit_log_actor').on(t.actor, t.at)],
);
