import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from './database';
import { queryRows } from './database';
import { documents, engineMeta, tasks } from './schema';
import { listTasks, type TaskListQuery, type TaskListResult } from './task-list.queries';

export type { TaskListQuery, TaskListResult, TaskScope } from './task-list.queries';

export type TaskRow = typeof tasks.$inferSelect;
/** A task row as lists show it: everything but the variables snapshot (which can be large). */
export type TaskSummaryRow = Omit<TaskRow, 'variables'>;
/** What the projection writes when the engine announces a user task. */
export type NewTask = Omit<TaskRow, 'state' | 'completedAt' | 'completedBy'>;
export type TaskState = TaskRow['state'];

/** One row per user-task event the projection applies. */
export type TaskChange =
  | { kind: 'created'; task: NewTask }
  | { kind: 'ended'; id: string; state: 'COMPLETED' | 'CANCELED'; at: number };

/** The name under which the projection remembers the last engine event position it applied. */
export const PROJECTION_POSITION = 'projection.tasks';

/** All SQL of the task inbox (`tasks`), its projection position, and the documents a task links to. */
export class TaskRepository {
  constructor(private readonly db: Db) {}

  /** One page of tasks and how many match (see `listTasks`: the plans and their indexes). */
  list(query: TaskListQuery): Promise<TaskListResult> {
    return listTasks(this.db, query);
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
    // counted exactly (no countLimit): the overdue total is a supervision figure, read from the index alone
    const { rows, total } = await this.list({
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
    return { rows, total };
  }

  /**
   * Open and overdue counts per department and per stage (process and task name) right now: one
   * pass over the open tasks, read from the partial index `tasks_open_stage` alone in its order
   * (counted per department and stage as it streams by), then both totals (`grouping sets`).
   */
  async openCounts(now: number): Promise<{
    byDepartment: { department: string | null; open: number; overdue: number }[];
    byStage: { bpmnProcessId: string; stage: string; open: number; overdue: number }[];
  }> {
    // the state is a literal, not a parameter, so that the planner can match the partial index's predicate
    const rows = await queryRows<{ by_stage: number; department: string | null; bpmn_process_id: string | null; name: string | null; open: number; overdue: number }>(
      this.db,
      sql`select grouping(department) as by_stage, department, bpmn_process_id, name, sum(open)::int as open, sum(overdue)::int as overdue
          from (
            select department, bpmn_process_id, name, count(*) as open, count(*) filter (where due_at < ${now}) as overdue
            from tasks where state = 'CREATED'
            group by department, bpmn_process_id, name
          ) as per_stage
          group by grouping sets ((department), (bpmn_process_id, name))
          order by by_stage, overdue desc, department, bpmn_process_id, name`,
    );
    const byDepartment: { department: string | null; open: number; overdue: number }[] = [];
    const byStage: { bpmnProcessId: string; stage: string; open: number; overdue: number }[] = [];
    for (const r of rows) {
      if (Number(r.by_stage) === 0) byDepartment.push({ department: r.department, open: Number(r.open), overdue: Number(r.overdue) });
      else byStage.push({ bpmnProcessId: r.bpmn_process_id!, stage: r.name!, open: Number(r.open), overdue: Number(r.overdue) });
    }
    return { byDepartment, byStage };
  }

  /**
   * For each instant of `ends` (ascending epoch ms), in that order: how many tasks were open then
   * (created before, not yet ended), and how many of those were past their due date.
   *
   * Only tasks open now (`completed_at is null`) or ended since the first instant can count: two
   * ranges of `tasks_completed`, read from the index alone. Each task is open at the instants after
   * its creation up to its end, a contiguous run of `ends`: `width_bucket` gives where the run starts
   * and stops, the runs are grouped, and the count at each instant is a running sum of starts minus
   * stops (no task × instant join).
   */
  async openAt(ends: number[]): Promise<{ end: number; open: number; overdue: number }[]> {
    if (!ends.length) return [];
    const first = ends[0]!;
    const last = ends[ends.length - 1]!;
    const n = ends.length;
    const list = `{${ends.join(',')}}`;
    // how many instants are at or before: a the creation, ao the later of creation and due date (n when
    // there is no due date), b the end (n while open); the task is open at instants a+1 … b, overdue at ao+1 … b
    const rows = await queryRows<{ k: number; open: number; overdue: number }>(
      this.db,
      sql`with e as (select ${list}::bigint[] as ends),
          runs as (
            select width_bucket(t.created_at, e.ends) as a,
                   case when t.due_at is null then ${n}::int else width_bucket(greatest(t.created_at, t.due_at), e.ends) end as ao,
                   coalesce(width_bucket(t.completed_at, e.ends), ${n}::int) as b,
                   count(*)::int as c
            from e, (
              select created_at, completed_at, due_at from tasks where completed_at is null and created_at < ${last}
              union all
              select created_at, completed_at, due_at from tasks where completed_at >= ${first} and created_at < ${last}
            ) t
            group by 1, 2, 3
          ),
          steps (k, open, overdue) as (
            select a + 1, c, 0 from runs where a < b
            union all select b + 1, -c, 0 from runs where a < b
            union all select ao + 1, 0, c from runs where ao < b
            union all select b + 1, 0, -c from runs where ao < b
          )
          select k, (sum(sum(coalesce(s.open, 0))) over (order by k))::int as open, (sum(sum(coalesce(s.overdue, 0))) over (order by k))::int as overdue
          from generate_series(1, ${n}::int) as k left join steps s using (k)
          group by k order by k`,
    );
    return rows.map((r) => ({ end: ends[Number(r.k) - 1]!, open: Number(r.open), overdue: Number(r.overdue) }));
  }
}
