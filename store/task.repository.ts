import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from './database';
import { queryRows } from './database';
import { documents, engineMeta, tasks } from './schema';

export type TaskRow = typeof tasks.$inferSelect;
/** A task row as lists show it: everything but the variables snapshot (which can be large). */
export type TaskSummaryRow = Omit<TaskRow, 'variables'>;
/** What the projection writes when the engine announces a user task. */
export type NewTask = Omit<TaskRow, 'state' | 'completedAt' | 'completedBy'>;
export type TaskState = TaskRow['state'];

/**
 * Whose tasks a list shows: `mine` = assigned to one of `identities`; `groups` = offered to one of
 * `groups` (candidate groups) or to one of `identities` (candidate users); `mine-or-groups` = either;
 * `all` = everyone's (supervision).
 */
export interface TaskScope {
  kind: 'mine' | 'groups' | 'mine-or-groups' | 'all';
  /** The user's id and username (assignees and candidate users may name either). */
  identities: string[];
  groups: string[];
}

export interface TaskListQuery {
  scope: TaskScope;
  /** Undefined: any state. */
  state?: TaskState;
  /** Only tasks due before this instant (epoch ms), i.e. overdue at it. */
  dueBefore?: number;
  bpmnProcessId?: string;
  department?: string;
  /** Case-insensitive text in the task name or the document title. */
  text?: string;
  sort: 'dueDate' | 'createdAt';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** One row per user-task event the projection applies. */
export type TaskChange =
  | { kind: 'created'; task: NewTask }
  | { kind: 'ended'; id: string; state: 'COMPLETED' | 'CANCELED'; at: number };

const summaryColumns = {
  id: tasks.id,
  name: tasks.name,
  elementId: tasks.elementId,
  processInstanceKey: tasks.processInstanceKey,
  bpmnProcessId: tasks.bpmnProcessId,
  processDefinitionKey: tasks.processDefinitionKey,
  state: tasks.state,
  assignee: tasks.assignee,
  candidateGroups: tasks.candidateGroups,
  candidateUsers: tasks.candidateUsers,
  dueAt: tasks.dueAt,
  dueDate: tasks.dueDate,
  formId: tasks.formId,
  department: tasks.department,
  documentId: tasks.documentId,
  documentTitle: tasks.documentTitle,
  createdAt: tasks.createdAt,
  completedAt: tasks.completedAt,
  completedBy: tasks.completedBy,
};

/** `ARRAY['a','b']::text[]` with every element a bound parameter. */
function textArray(values: string[]): SQL {
  return values.length ? sql`ARRAY[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]` : sql`ARRAY[]::text[]`;
}

/** Escapes LIKE wildcards so user text matches literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The name under which the projection remembers the last engine event position it applied. */
export const PROJECTION_POSITION = 'projection.tasks';

/** All SQL of the task inbox (`tasks`), its projection position, and the documents a task links to. */
export class TaskRepository {
  constructor(private readonly db: Db) {}

  /** The filters of a list query other than whose tasks (state, due, process, department, text). */
  private filters(query: Omit<TaskListQuery, 'scope' | 'sort' | 'order' | 'limit' | 'offset'>): SQL[] {
    const where: SQL[] = [];
    if (query.state) where.push(eq(tasks.state, query.state));
    if (query.dueBefore !== undefined) where.push(lt(tasks.dueAt, query.dueBefore));
    if (query.bpmnProcessId) where.push(eq(tasks.bpmnProcessId, query.bpmnProcessId));
    if (query.department) where.push(eq(tasks.department, query.department));
    if (query.text) {
      const pattern = likePattern(query.text);
      where.push(or(sql`${tasks.name} ILIKE ${pattern}`, sql`${tasks.documentTitle} ILIKE ${pattern}`)!);
    }
    return where;
  }

  /**
   * Whose tasks, as alternatives: assigned to one of the identities (index tasks_assignee), offered
   * to one of the groups (`?|`, the GIN index on candidate_groups). Candidate users are not listed
   * here: `candidate_users` has no index, and a condition on it would make every list read every
   * open task; they are honoured when a task is opened, claimed or completed.
   */
  private scopeBranches(scope: TaskScope): SQL[] {
    const mine = scope.identities.length ? inArray(tasks.assignee, scope.identities) : sql`false`;
    const offered = sql`${tasks.candidateGroups} ?| ${textArray(scope.groups)}`;
    if (scope.kind === 'mine') return [mine];
    if (scope.kind === 'groups') return [offered];
    if (scope.kind === 'mine-or-groups') return [mine, offered];
    return [];
  }

  /**
   * One page of tasks and the total count of the query. The page is read first: a first page that
   * is not full is the whole result, so the count (the costlier query) is skipped then. The page
   * reads the open tasks in due-date order (index tasks_open_due) and stops at the page's end; the
   * count is a UNION of one query per alternative, so that the planner can intersect the GIN
   * index with the open tasks (BitmapAnd) instead of reading every open task.
   */
  async list(query: TaskListQuery): Promise<{ rows: TaskSummaryRow[]; total: number }> {
    const filters = this.filters(query);
    const branches = this.scopeBranches(query.scope);
    const where = and(branches.length ? or(...branches) : undefined, ...filters);
    const column = query.sort === 'createdAt' ? tasks.createdAt : tasks.dueAt;
    const direction = query.order === 'desc' ? desc : asc;
    const rows = (await this.db.select(summaryColumns).from(tasks).where(where).orderBy(direction(column), direction(tasks.id)).limit(query.limit).offset(query.offset)) as TaskSummaryRow[];
    if (rows.length < query.limit && (rows.length > 0 || query.offset === 0)) return { rows, total: query.offset + rows.length };
    if (branches.length < 2) {
      const [count] = await this.db.select({ total: sql<number>`count(*)::int` }).from(tasks).where(where);
      return { rows, total: Number(count?.total ?? 0) };
    }
    const union = sql.join(
      branches.map((branch) => sql`select ${tasks.id} from ${tasks} where ${and(branch, ...filters)}`),
      sql` union `,
    );
    const [count] = await queryRows<{ total: number }>(this.db, sql`select count(*)::int as total from (${union}) as matched`);
    return { rows, total: Number(count?.total ?? 0) };
  }

  async find(id: string): Promise<TaskRow | undefined> {
    return (await this.db.select().from(tasks).where(eq(tasks.id, id)).limit(1))[0];
  }

  /** Sets the assignee when the task is open and unassigned or already the caller's (`current`); the row, or undefined. */
  async claim(id: string, assignee: string, current: string[]): Promise<TaskRow | undefined> {
    const [row] = await this.db
      .update(tasks)
      .set({ assignee })
      .where(and(eq(tasks.id, id), eq(tasks.state, 'CREATED'), or(sql`${tasks.assignee} IS NULL`, inArray(tasks.assignee, current))))
      .returning();
    return row;
  }

  /** Sets (or clears) the assignee of an open task, whoever held it; the row, or undefined when it is not open. */
  async assign(id: string, assignee: string | null, tx: Db = this.db): Promise<TaskRow | undefined> {
    const [row] = await tx.update(tasks).set({ assignee }).where(and(eq(tasks.id, id), eq(tasks.state, 'CREATED'))).returning();
    return row;
  }

  /**
   * Marks an open task completed by `by` unless someone else holds it: the conditional UPDATE that
   * lets exactly one of two concurrent completions through. The row, or undefined.
   */
  async beginCompletion(id: string, by: string, at: number, holders: string[]): Promise<TaskRow | undefined> {
    const [row] = await this.db
      .update(tasks)
      .set({ state: 'COMPLETED', completedAt: at, completedBy: by })
      .where(and(eq(tasks.id, id), eq(tasks.state, 'CREATED'), or(sql`${tasks.assignee} IS NULL`, inArray(tasks.assignee, holders))))
      .returning();
    return row;
  }

  /** Undoes `beginCompletion` when the engine refused the job: back to CREATED, or CANCELED when the job is gone. */
  async undoCompletion(id: string, by: string, at: number, state: 'CREATED' | 'CANCELED'): Promise<void> {
    await this.db
      .update(tasks)
      .set(state === 'CREATED' ? { state, completedAt: null, completedBy: null } : { state, completedBy: null })
      .where(and(eq(tasks.id, id), eq(tasks.state, 'COMPLETED'), eq(tasks.completedBy, by), eq(tasks.completedAt, at)));
  }

  /**
   * Applies user-task changes from the engine in one transaction, and remembers `position` (the
   * last engine event handled) in the same transaction when given.
   *
   * A task announced again (the Zeebe bridge re-activates its job after each timeout) refreshes its
   * snapshot but keeps its state, assignee (claims) and creation time.
   */
  async apply(changes: TaskChange[], position?: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const change of changes) {
        if (change.kind === 'created') {
          const { task } = change;
          await tx
            .insert(tasks)
            .values({ ...task, state: 'CREATED' })
            .onConflictDoUpdate({
              target: tasks.id,
              set: {
                name: task.name,
                candidateGroups: task.candidateGroups,
                candidateUsers: task.candidateUsers,
                dueAt: task.dueAt,
                dueDate: task.dueDate,
                formId: task.formId,
                department: task.department,
                documentId: task.documentId,
                documentTitle: task.documentTitle,
                variables: task.variables,
                // a key the announcement lacks (Zeebe's job carries none in SDK 8.5) is not overwritten with ''
                processDefinitionKey: sql`coalesce(nullif(excluded.process_definition_key, ''), ${tasks.processDefinitionKey})`,
              },
            });
        } else {
          await tx
            .update(tasks)
            .set({ state: change.state, completedAt: sql`coalesce(${tasks.completedAt}, ${change.at})` })
            .where(and(eq(tasks.id, change.id), eq(tasks.state, 'CREATED')));
        }
      }
      if (position !== undefined) await this.savePosition(position, tx);
    });
  }

  /** The last engine event position the projection applied (0 before the first). */
  async position(): Promise<number> {
    const [row] = await this.db.select({ value: engineMeta.value }).from(engineMeta).where(eq(engineMeta.name, PROJECTION_POSITION));
    return row?.value ?? 0;
  }

  async savePosition(position: number, tx: Db = this.db): Promise<void> {
    await tx
      .insert(engineMeta)
      .values({ name: PROJECTION_POSITION, value: position })
      .onConflictDoUpdate({ target: engineMeta.name, set: { value: sql`greatest(${engineMeta.value}, excluded.value)` } });
  }

  /** The document a task concerns, as the task view shows it. */
  async document(id: string): Promise<{ id: string; number: string | null; title: string; category: string; version: number; status: string } | undefined> {
    const [row] = await this.db
      .select({ id: documents.id, number: documents.number, title: documents.title, category: documents.category, version: documents.currentVersion, status: documents.status })
      .from(documents)
      .where(eq(documents.id, id))
      .limit(1);
    return row;
  }

  /** Open tasks due before `now`, most overdue first (at most `limit`, from `offset`), and how many there are. */
  async overdue(filter: { now: number; department?: string; bpmnProcessId?: string; limit: number; offset: number }): Promise<{ rows: TaskSummaryRow[]; total: number }> {
    return this.list({
      scope: { kind: 'all', identities: [], groups: [] },
      state: 'CREATED',
      dueBefore: filter.now,
      department: filter.department,
      bpmnProcessId: filter.bpmnProcessId,
      sort: 'dueDate',
      order: 'asc',
      limit: filter.limit,
      offset: filter.offset,
    });
  }

  /** Open and overdue counts per department and per stage (process and task name) right now. */
  async openCounts(now: number): Promise<{
    byDepartment: { department: string | null; open: number; overdue: number }[];
    byStage: { bpmnProcessId: string; stage: string; open: number; overdue: number }[];
  }> {
    const overdue = sql<number>`(count(*) filter (where ${tasks.dueAt} < ${now}))::int`;
    const open = sql<number>`count(*)::int`;
    const [byDepartment, byStage] = await Promise.all([
      this.db.select({ department: tasks.department, open, overdue }).from(tasks).where(eq(tasks.state, 'CREATED')).groupBy(tasks.department).orderBy(desc(overdue), asc(tasks.department)),
      this.db
        .select({ bpmnProcessId: tasks.bpmnProcessId, stage: tasks.name, open, overdue })
        .from(tasks)
        .where(eq(tasks.state, 'CREATED'))
        .groupBy(tasks.bpmnProcessId, tasks.name)
        .orderBy(desc(overdue), asc(tasks.bpmnProcessId), asc(tasks.name)),
    ]);
    return { byDepartment, byStage };
  }

  /**
   * For each instant of `ends` (ascending epoch ms): how many tasks were open then (created before,
   * not yet ended), and how many of those were past their due date.
   */
  async openAt(ends: number[]): Promise<{ end: number; open: number; overdue: number }[]> {
    if (!ends.length) return [];
    const first = ends[0]!;
    const last = ends[ends.length - 1]!;
    const list = `{${ends.join(',')}}`;
    const rows = await queryRows<{ end_ms: string | number; open: number; overdue: number }>(
      this.db,
      sql`select e.end_ms, count(t.id)::int as open, (count(t.id) filter (where t.due_at < e.end_ms))::int as overdue
          from unnest(${list}::bigint[]) as e(end_ms)
          left join (
            select id, created_at, completed_at, due_at from tasks
            where created_at < ${last} and (completed_at is null or completed_at >= ${first})
          ) t on t.created_at < e.end_ms and (t.completed_at is null or t.completed_at >= e.end_ms)
          group by e.end_ms order by e.end_ms`,
    );
    return rows.map((r) => ({ end: Number(r.end_ms), open: Number(r.open), overdue: Number(r.overdue) }));
  }
}
