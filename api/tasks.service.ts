import fs from 'node:fs/promises';
import path from 'node:path';
import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors';
import { hasRole, type Principal, type Role } from '../domain/principal';
import { EngineRejection, type Variables } from '../engine/port';
import { FormRepository } from '../store/form.repository';
import { TaskRepository, type TaskRow, type TaskScope, type TaskState, type TaskSummaryRow } from '../store/task.repository';
import { UserRepository } from '../store/user.repository';
import type { ApiContext } from './context';
import { validateFormData, type FormSchema } from './form-validation';
import { overdueWorkingDays } from './overdue';
import { recordAndComplete } from './task-records';

/** A task as the API shows it (the contract's Task). */
export interface TaskView {
  id: string;
  name: string;
  elementId: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate: string | null;
  overdue: boolean;
  overdueWorkingDays: number;
  state: TaskState;
  formId: string | null;
  department: string | null;
  documentTitle: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface TaskDetail {
  task: TaskView;
  form: FormSchema | null;
  variables: Variables;
  document: { id: string; number: string | null; title: string; category: string; version: number; status: string } | null;
}

export interface TaskListRequest {
  filter?: 'mine' | 'groups' | 'all';
  state?: TaskState | 'ALL';
  overdue?: boolean;
  bpmnProcessId?: string;
  department?: string;
  q?: string;
  sort: 'dueDate' | 'createdAt';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  /** How many tasks match; at most LIST_COUNT_LIMIT (open tasks) or HISTORY_COUNT_LIMIT, then a lower bound (`totalIsLowerBound`). */
  total: number;
  /** True when more than `total` tasks match (shown as "10000+"). */
  totalIsLowerBound: boolean;
  page: number;
  pageSize: number;
}

/** Most matches a list of open tasks counts: beyond, `total` is this bound and `totalIsLowerBound` true. */
export const LIST_COUNT_LIMIT = 10_000;
/**
 * The same for a list that holds closed tasks (history, or every state): a history only grows, and
 * counting 10,000 of a person's past tasks on every page cost more than the page itself (the General
 * Office's history at 1,000,000 tasks: ~110 ms p95 under load, against ~25 ms for its inbox).
 */
export const HISTORY_COUNT_LIMIT = 1_000;

/** Roles that oversee every task: they may list all tasks, open any, and (re)assign. */
export const OVERSEERS: Role[] = ['supervisor', 'general-office', 'admin'];
const FORMS_DIR = path.resolve(process.cwd(), 'processes/forms');
const FORM_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** The names a task may give the principal: their id and their username. */
export function identitiesOf(principal: Principal): string[] {
  return [...new Set([principal.id, principal.username])];
}

const isAssignee = (task: TaskSummaryRow, principal: Principal) => task.assignee !== null && identitiesOf(principal).includes(task.assignee);
const isCandidate = (task: TaskSummaryRow, principal: Principal) =>
  task.candidateGroups.some((g) => principal.groups.includes(g)) || task.candidateUsers.some((u) => identitiesOf(principal).includes(u));

/**
 * Who completed a task, as the process sees it: the `completedBy` variable every inbox completion
 * sets (diagrams read e.g. `completedBy.username` as the signer of a sign-off). Set by the server
 * from the token, so a client cannot sign for someone else. `department` is the department id.
 */
export function completedByOf(principal: Principal): { id: string; username: string; name: string; department: string | null } {
  return { id: principal.id, username: principal.username, name: principal.name, department: principal.departmentId };
}

/** The header text of a due date without a `[zone]` suffix, so every client parses it as ISO-8601. */
const isoDue = (dueDate: string | null) => (dueDate ? dueDate.replace(/\[.*\]$/, '') : null);

/**
 * The inbox: lists, shows, claims, assigns and completes user tasks. Completing validates the
 * form data, turns it into records (`recordFromTask`) and completes the engine's job; the row's
 * conditional update makes exactly one of two concurrent completions win.
 */
export class TaskService {
  private readonly tasks: TaskRepository;
  private readonly forms: FormRepository;
  private readonly users: UserRepository;

  constructor(private readonly ctx: ApiContext) {
    this.tasks = new TaskRepository(ctx.database.db);
    this.forms = new FormRepository(ctx.database.db);
    this.users = new UserRepository(ctx.database.db);
  }

  /** The task as the API shows it, overdue judged at `now` on the working-day calendar. */
  view(row: TaskSummaryRow, now = this.ctx.clock.now()): TaskView {
    const overdue = row.state === 'CREATED' && row.dueAt !== null && row.dueAt < now;
    return {
      id: row.id,
      name: row.name,
      elementId: row.elementId,
      processInstanceKey: row.processInstanceKey,
      bpmnProcessId: row.bpmnProcessId,
      processDefinitionKey: row.processDefinitionKey,
      assignee: row.assignee,
      candidateGroups: row.candidateGroups,
      candidateUsers: row.candidateUsers,
      dueDate: isoDue(row.dueDate),
      overdue,
      overdueWorkingDays: overdue ? overdueWorkingDays(this.ctx.calendar, now, row.dueAt) : 0,
      state: row.state,
      formId: row.formId,
      department: row.department,
      documentTitle: row.documentTitle,
      createdAt: new Date(row.createdAt).toISOString(),
      completedAt: row.completedAt === null ? null : new Date(row.completedAt).toISOString(),
    };
  }

  /** Default: open tasks assigned to me or offered to one of my groups, due date ascending. */
  async list(principal: Principal, request: TaskListRequest): Promise<Page<TaskView>> {
    if (request.filter === 'all' && !hasRole(principal, ...OVERSEERS)) throw new Forbidden(`listing all tasks needs one of the roles: ${OVERSEERS.join(', ')}`);
    const now = this.ctx.clock.now();
    const scope: TaskScope = {
      kind: request.filter === undefined ? 'mine-or-groups' : request.filter,
      identities: identitiesOf(principal),
      groups: principal.groups,
    };
    const state = request.state === 'ALL' ? undefined : (request.state ?? 'CREATED');
    const { rows, total, totalIsLowerBound } = await this.tasks.list({
      scope,
      state: request.overdue ? 'CREATED' : state,
      dueBefore: request.overdue ? now : undefined,
      bpmnProcessId: request.bpmnProcessId,
      department: request.department,
      text: request.q,
      sort: request.sort,
      order: request.order,
      limit: request.pageSize,
      offset: (request.page - 1) * request.pageSize,
      countLimit: request.overdue || state === 'CREATED' ? LIST_COUNT_LIMIT : HISTORY_COUNT_LIMIT,
    });
    return { items: rows.map((row) => this.view(row, now)), total, totalIsLowerBound, page: request.page, pageSize: request.pageSize };
  }

  /** A task with its form, variables and document, for those who may see it (others: 404). */
  async detail(principal: Principal, id: string): Promise<TaskDetail> {
    const task = await this.visible(principal, id);
    const [form, document] = await Promise.all([this.formOf(task.formId), task.documentId ? this.tasks.document(task.documentId) : undefined]);
    return { task: this.view(task), form: form ?? null, variables: task.variables, document: document ?? null };
  }

  async claim(principal: Principal, id: string): Promise<TaskView> {
    const task = await this.existing(id);
    if (!isCandidate(task, principal) && !isAssignee(task, principal)) throw new Forbidden('only a member of the task\'s candidate groups may claim it');
    this.assertOpen(task);
    if (task.assignee && !isAssignee(task, principal)) throw new Conflict(`the task is already claimed by ${task.assignee}`, 'TASK_CLAIMED');
    if (task.assignee) return this.view(task); // already theirs: nothing changes
    const claimed = await this.tasks.claim(id, principal.username, identitiesOf(principal));
    if (!claimed) return this.raceLost(id, principal);
    await this.audit(principal, 'task.claim', task, claimed);
    return this.view(claimed);
  }

  async unclaim(principal: Principal, id: string): Promise<TaskView> {
    const task = await this.existing(id);
    if (!isAssignee(task, principal) && !hasRole(principal, ...OVERSEERS)) throw new Forbidden('only the assignee may give the task back');
    this.assertOpen(task);
    const unclaimed = await this.tasks.assign(id, null);
    if (!unclaimed) return this.raceLost(id, principal);
    await this.audit(principal, 'task.unclaim', task, unclaimed);
    return this.view(unclaimed);
  }

  /** Hands the task to a user (by username or id), or back to its groups with null. */
  async assign(principal: Principal, id: string, assignee: string | null): Promise<TaskView> {
    if (!hasRole(principal, ...OVERSEERS)) throw new Forbidden(`assigning tasks needs one of the roles: ${OVERSEERS.join(', ')}`);
    const task = await this.existing(id);
    this.assertOpen(task);
    let username: string | null = null;
    if (assignee !== null) {
      const user = (await this.users.findByUsername(assignee)) ?? (await this.users.findById(assignee));
      if (!user || user.disabledAt !== null) throw new Invalid(`no active user '${assignee}'`, [{ field: 'assignee', message: 'no such active user' }], 'UNKNOWN_USER');
      username = user.username;
    }
    const assigned = await this.tasks.assign(id, username);
    if (!assigned) return this.raceLost(id, principal);
    await this.audit(principal, 'task.assign', task, assigned);
    return this.view(assigned);
  }

  /**
   * Completes the task with the submitted form data: checked against the form (422 FORM_INVALID),
   * only by its assignee or, when unassigned, a candidate (403), once (409). The row is marked
   * completed first with a conditional update (one of two concurrent completions wins), then the
   * records are written and the engine's job completed with the form data and `completedBy`
   * (`recordAndComplete`: a refusal leaves no records); if either refuses, the row goes back, and a
   * job that ended meanwhile is a 409 TASK_CANCELED.
   */
  async complete(principal: Principal, id: string, variables: Variables): Promise<TaskView> {
    const task = await this.existing(id);
    this.assertOpen(task);
    if (task.assignee ? !isAssignee(task, principal) : !isCandidate(task, principal)) {
      throw new Forbidden(task.assignee ? `the task is assigned to ${task.assignee}` : 'only a member of the task\'s candidate groups may complete it');
    }
    const form = await this.formOf(task.formId);
    if (form) {
      const issues = validateFormData(form, variables, task.variables);
      if (issues.length) throw new Invalid(`the form data is invalid: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues, 'FORM_INVALID');
    }
    const at = this.ctx.clock.now();
    const begun = await this.tasks.beginCompletion(id, principal.username, at, identitiesOf(principal));
    if (!begun) return this.raceLost(id, principal);
    try {
      const completed = { id, elementId: task.elementId, formId: task.formId, bpmnProcessId: task.bpmnProcessId, processInstanceKey: task.processInstanceKey, documentId: task.documentId };
      // the job gets who completed it from the token, whatever the client sent as `completedBy`
      await recordAndComplete(this.ctx, completed, variables, principal, { ...variables, completedBy: completedByOf(principal) });
    } catch (error) {
      // the job is gone (its element was terminated meanwhile): the task was canceled
      const gone = error instanceof EngineRejection && error.code === 'NOT_FOUND';
      await this.tasks.undoCompletion(id, principal.username, at, gone ? 'CANCELED' : 'CREATED');
      if (gone) throw new Conflict('the task was canceled meanwhile', 'TASK_CANCELED');
      throw error;
    }
    await this.ctx.audit.record({ actor: principal.id, action: 'task.complete', resource: 'task', resourceId: id, before: { state: task.state, assignee: task.assignee }, after: { state: 'COMPLETED', variables } });
    return this.view(begun);
  }

  /** The form-js schema of a form id: the `forms` table first, else the shipped `processes/forms/<id>.form`. */
  async formOf(formId: string | null): Promise<FormSchema | undefined> {
    if (!formId || !FORM_ID.test(formId)) return undefined;
    const row = await this.forms.find(formId);
    if (row) return row.schema as FormSchema;
    try {
      return JSON.parse(await fs.readFile(path.join(FORMS_DIR, `${formId}.form`), 'utf8')) as FormSchema;
    } catch {
      return undefined;
    }
  }

  private async existing(id: string): Promise<TaskRow> {
    const task = /^\d{1,20}$/.test(id) ? await this.tasks.find(id) : undefined;
    if (!task) throw new NotFound(`no task ${id}`);
    return task;
  }

  /** A task the principal may see; one they may not is reported as missing. */
  private async visible(principal: Principal, id: string): Promise<TaskRow> {
    const task = await this.existing(id);
    if (!isAssignee(task, principal) && !isCandidate(task, principal) && !hasRole(principal, ...OVERSEERS)) throw new NotFound(`no task ${id}`);
    return task;
  }

  private assertOpen(task: TaskRow): void {
    if (task.state === 'COMPLETED') throw new Conflict('the task is already completed', 'TASK_COMPLETED');
    if (task.state === 'CANCELED') throw new Conflict('the task was canceled', 'TASK_CANCELED');
  }

  /** A conditional update found the row changed since it was read: explain what changed. */
  private async raceLost(id: string, principal: Principal): Promise<never> {
    const now = await this.existing(id);
    this.assertOpen(now);
    if (now.assignee && !isAssignee(now, principal)) throw new Conflict(`the task was claimed by ${now.assignee} meanwhile`, 'TASK_CLAIMED');
    throw new Conflict('the task changed meanwhile; try again');
  }

  private audit(principal: Principal, action: string, before: TaskRow, after: TaskRow): Promise<void> {
    return this.ctx.audit.record({ actor: principal.id, action, resource: 'task', resourceId: before.id, before: { assignee: before.assignee, state: before.state }, after: { assignee: after.assignee, state: after.state } });
  }
}
