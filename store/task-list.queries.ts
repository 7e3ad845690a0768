import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from './database';
import { taskCandidates, tasks } from './schema';

import type { TaskState, TaskSummaryRow } from './task.repository';

/**
 * Whose tasks a list shows: `mine` = assigned to one of `identities`, or addressed to one of them by
 * name (candidate user) and claimed by no one; `groups` = offered to one of `groups` (candidate
 * groups) or to one of `identities` (candidate users); `mine-or-groups` = either; `all` = everyone's
 * (supervision).
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
  /** Count at most this many matches (`total` is then a lower bound); undefined counts them all. */
  countLimit?: number;
}

export interface TaskListResult {
  rows: TaskSummaryRow[];
  total: number;
  /** True when there are more than `total` matches (the count stopped at `countLimit`). */
  totalIsLowerBound: boolean;
}

/** Every column but the variables snapshot (which can be large and is JSON to decode). */
export const summaryColumns = {
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

/** The `task_candidates.candidate` values of a scope: its groups, and its identities as candidate users. */
const groupCandidates = (scope: TaskScope) => scope.groups.map((g) => `group:${g}`);
const userCandidates = (scope: TaskScope) => scope.identities.map((u) => `user:${u}`);

/** The filters on the task row other than state and due date (process, department, text). */
function rowFilters(query: TaskListQuery): SQL[] {
  const where: SQL[] = [];
  if (query.bpmnProcessId) where.push(eq(tasks.bpmnProcessId, query.bpmnProcessId));
  if (query.department) where.push(eq(tasks.department, query.department));
  if (query.text) {
    const pattern = likePattern(query.text);
    where.push(or(sql`${tasks.name} ILIKE ${pattern}`, sql`${tasks.documentTitle} ILIKE ${pattern}`)!);
  }
  return where;
}

const conjunction = (parts: (SQL | undefined)[]) => {
  const present = parts.filter((p): p is SQL => p !== undefined);
  return present.length ? sql.join(present, sql` and `) : sql`true`;
};

/**
 * Lists a page of tasks and counts the matches (up to `countLimit`). Three plans:
 *
 * - **Open tasks of a person** (state CREATED, scope not `all`; the inbox): the matches are a union
 *   of small index reads — assigned to me (`tasks_assignee`), offered to my groups or to me by name
 *   (`task_candidates_state_due`, index only) — and one statement reads the page's rows and the count.
 *   Cost grows with the person's open tasks, not with the table.
 * - **Every open task** (supervision's `all`, the overdue view): the page walks `tasks_open_due`
 *   and the count, in the same statement, reads that index alone.
 * - **History and any state, by due date** (a person's, or across states): one due-date-ordered index
 *   range per state and per way a task is mine (assigned; each of my candidates), the first
 *   `offset + limit` of each, merged; the count the same way up to `countLimit`.
 * - **Otherwise** (another order): the page, then the count only when the page is full.
 *
 * One statement where it can: each statement costs its planning and the protocol's decoding,
 * whatever the plan.
 */
export async function listTasks(db: Db, query: TaskListQuery): Promise<TaskListResult> {
  if (query.state !== 'CREATED') {
    // by due date, a person's history and any list across states merge ordered index ranges; the rest
    // (every task in one state: one range already; by creation time: not indexed) read the table
    const merged = query.sort === 'dueDate' && (query.scope.kind !== 'all' || query.state === undefined);
    return merged ? listMerged(db, query) : listAny(db, query);
  }
  const all = query.scope.kind === 'all';
  const rows = all ? await openPage(db, query) : await personalPage(db, query);
  return withTotal(db, query, rows, () =>
    boundedCount(all ? sql`select 1 from ${tasks} where ${generalWhere(query) ?? sql`true`}` : sql`select 1 from (${personalMatches(query)}) as matched`, query.countLimit),
  );
}

/** A page that carried its count: the result; a page past the end carries none: counted alone. */
async function withTotal(db: Db, query: TaskListQuery, rows: (TaskSummaryRow & { total: number })[], count: () => SQL<number>): Promise<TaskListResult> {
  if (rows.length || query.offset === 0) return totalOf(rows.map(({ total: _total, ...row }) => row), rows[0]?.total ?? 0, query.countLimit);
  const [counted] = await db.select({ total: count() }).from(sql`(select 1) as one`);
  return totalOf([], Number(counted?.total ?? 0), query.countLimit);
}

function totalOf(rows: TaskSummaryRow[], counted: number, countLimit: number | undefined): TaskListResult {
  if (countLimit !== undefined && counted > countLimit) return { rows, total: countLimit, totalIsLowerBound: true };
  return { rows, total: counted, totalIsLowerBound: false };
}

/** `count(*)` of a `select` of matches, stopped after `countLimit + 1` of them. */
function boundedCount(matches: SQL, countLimit: number | undefined): SQL<number> {
  const limit = countLimit === undefined ? sql`` : sql` limit ${countLimit + 1}`;
  return sql<number>`(select count(*)::int from (${matches}${limit}) as counted)`;
}

/** The sort column and direction of a list. */
function ordering(query: TaskListQuery) {
  return { column: query.sort === 'createdAt' ? tasks.createdAt : tasks.dueAt, direction: query.order === 'desc' ? desc : asc, keyword: query.order === 'desc' ? sql`desc` : sql`asc` };
}

function generalWhere(query: TaskListQuery): SQL | undefined {
  const { scope } = query;
  const identities = textArray(scope.identities);
  const assigned = scope.identities.length ? inArray(tasks.assignee, scope.identities) : sql`false`;
  const offered = or(sql`${tasks.candidateGroups} ?| ${textArray(scope.groups)}`, sql`${tasks.candidateUsers} ?| ${identities}`)!;
  const addressed = sql`(${tasks.assignee} is null and ${tasks.candidateUsers} ?| ${identities})`;
  const whose = { mine: or(assigned, addressed), groups: offered, 'mine-or-groups': or(assigned, offered), all: undefined }[scope.kind];
  return and(
    whose,
    query.state ? eq(tasks.state, query.state) : undefined,
    query.dueBefore !== undefined ? lt(tasks.dueAt, query.dueBefore) : undefined,
    ...rowFilters(query),
  );
}

/** Any state: the page, then (when the page is full) the count. */
async function listAny(db: Db, query: TaskListQuery): Promise<TaskListResult> {
  const { column, direction } = ordering(query);
  const where = generalWhere(query);
  const rows = (await db.select(summaryColumns).from(tasks).where(where).orderBy(direction(column), direction(tasks.id)).limit(query.limit).offset(query.offset)) as TaskSummaryRow[];
  if (rows.length < query.limit && (rows.length > 0 || query.offset === 0)) return { rows, total: query.offset + rows.length, totalIsLowerBound: false };
  const [count] = await db.select({ total: boundedCount(sql`select 1 from ${tasks} where ${where ?? sql`true`}`, query.countLimit) }).from(sql`(select 1) as one`);
  return totalOf(rows, Number(count?.total ?? 0), query.countLimit);
}

/** Every open task (with the filters): the page and, in the same statement, the count. */
async function openPage(db: Db, query: TaskListQuery): Promise<(TaskSummaryRow & { total: number })[]> {
  const { column, direction } = ordering(query);
  const where = generalWhere(query);
  const total = boundedCount(sql`select 1 from ${tasks} where ${where ?? sql`true`}`, query.countLimit);
  return (await db.select({ ...summaryColumns, total }).from(tasks).where(where).orderBy(direction(column), direction(tasks.id)).limit(query.limit).offset(query.offset)) as (TaskSummaryRow & { total: number })[];
}

/**
 * The open tasks of a person as a union of `(id, key)`, key the sort column: assigned to me;
 * offered to my groups or to me by name; for `mine`, addressed to me by name and claimed by no one.
 * Without filters on the task row and sorted by due date, the candidates' index answers alone.
 */
function personalMatches(query: TaskListQuery): SQL {
  const { scope } = query;
  const { column } = ordering(query);
  const filters = rowFilters(query);
  const joined = filters.length > 0 || query.sort === 'createdAt';
  const dueBefore = (dueAt: SQL) => (query.dueBefore === undefined ? undefined : sql`${dueAt} < ${query.dueBefore}`);
  const c = taskCandidates;
  const candidatesOf = (candidates: string[], unclaimed: boolean): SQL => {
    if (joined || unclaimed) {
      const where = conjunction([sql`${c.candidate} = any(${textArray(candidates)})`, eq(c.state, 'CREATED'), unclaimed ? sql`${tasks.assignee} is null` : undefined, dueBefore(sql`${tasks.dueAt}`), ...filters]);
      return sql`select ${tasks.id} as id, ${column} as key from ${c} join ${tasks} on ${tasks.id} = ${c.taskId} where ${where}`;
    }
    return sql`select ${c.taskId} as id, ${c.dueAt} as key from ${c} where ${conjunction([sql`${c.candidate} = any(${textArray(candidates)})`, eq(c.state, 'CREATED'), dueBefore(sql`${c.dueAt}`)])}`;
  };
  const assigned = () =>
    sql`select ${tasks.id} as id, ${column} as key from ${tasks} where ${conjunction([eq(tasks.state, 'CREATED'), inArray(tasks.assignee, scope.identities), dueBefore(sql`${tasks.dueAt}`), ...filters])}`;
  const branches: SQL[] = [];
  if (scope.kind !== 'groups' && scope.identities.length) branches.push(assigned());
  if (scope.kind !== 'mine') branches.push(candidatesOf([...groupCandidates(scope), ...userCandidates(scope)], false));
  if (scope.kind === 'mine' && scope.identities.length) branches.push(candidatesOf(userCandidates(scope), true));
  if (!branches.length) return sql`select null::text as id, null::bigint as key where false`;
  // union: a task offered to me twice (my group and my name) or also assigned to me is one match
  return sql.join(
    branches.map((b) => sql`(${b})`),
    sql` union `,
  );
}

/** The page of a person's open tasks and, in the same statement, how many match. */
async function personalPage(db: Db, query: TaskListQuery): Promise<(TaskSummaryRow & { total: number })[]> {
  const { column, direction, keyword } = ordering(query);
  const matched = db.$with('matched', { id: sql<string>`id`, key: sql<number | null>`key` }).as(personalMatches(query));
  const total = boundedCount(sql`select 1 from ${matched}`, query.countLimit);
  const page = sql`select id from ${matched} order by key ${keyword}, id ${keyword} limit ${query.limit} offset ${query.offset}`;
  return (await db
    .with(matched)
    .select({ ...summaryColumns, total })
    .from(tasks)
    .where(sql`${tasks.id} in (${page})`)
    .orderBy(direction(column), direction(tasks.id))) as (TaskSummaryRow & { total: number })[];
}

const STATES: TaskState[] = ['CREATED', 'COMPLETED', 'CANCELED'];

/**
 * The ways a task can match a list by due date, each an `(id, key)` select already in due-date order
 * (one range of an index) and cut at `limit` when given: per state, every task (`all`), assigned to
 * me (`tasks_assignee`), offered to each of my candidates (`task_candidates_state_due`; joined to the
 * task row when the task's own columns filter it). Any first N of the union is within the first N
 * of its branches.
 */
function mergedBranches(query: TaskListQuery, limit: number | undefined, ordered = true): SQL[] {
  const { scope } = query;
  const filters = rowFilters(query);
  const keyword = query.order === 'desc' ? sql`desc` : sql`asc`;
  // a count needs the first `limit` matches of each branch, in any order
  const tail = (key: AnyPgColumn, id: AnyPgColumn) =>
    sql`${ordered ? sql` order by ${key} ${keyword}, ${id} ${keyword}` : sql``}${limit === undefined ? sql`` : sql` limit ${limit}`}`;
  const dueBefore = (dueAt: SQL) => (query.dueBefore === undefined ? undefined : sql`${dueAt} < ${query.dueBefore}`);
  const c = taskCandidates;
  const unclaimed = scope.kind === 'mine' ? sql`${tasks.assignee} is null` : undefined;
  const ofTasks = (where: SQL) => sql`(select ${tasks.id} as id, ${tasks.dueAt} as key from ${tasks} where ${where}${tail(tasks.dueAt, tasks.id)})`;
  const branches: SQL[] = [];
  // in due-date order, one range per state; counting every state, one range per way a task is mine
  for (const state of query.state ? [query.state] : ordered ? STATES : [undefined]) {
    const inState = (column: typeof tasks.state | typeof c.state) => (state ? eq(column, state) : undefined);
    if (scope.kind === 'all') {
      branches.push(ofTasks(conjunction([inState(tasks.state), dueBefore(sql`${tasks.dueAt}`), ...filters])));
      continue;
    }
    if (scope.kind !== 'groups' && scope.identities.length) {
      branches.push(ofTasks(conjunction([inState(tasks.state), inArray(tasks.assignee, scope.identities), dueBefore(sql`${tasks.dueAt}`), ...filters])));
    }
    const offered = scope.kind === 'mine' ? userCandidates(scope) : [...groupCandidates(scope), ...userCandidates(scope)];
    for (const candidate of offered) {
      const where = conjunction([eq(c.candidate, candidate), inState(c.state), dueBefore(sql`${c.dueAt}`), unclaimed, ...filters]);
      const from = unclaimed || filters.length ? sql`${c} join ${tasks} on ${tasks.id} = ${c.taskId}` : sql`${c}`;
      branches.push(sql`(select ${c.taskId} as id, ${c.dueAt} as key from ${from} where ${where}${tail(c.dueAt, c.taskId)})`);
    }
  }
  return branches;
}

/** The distinct `(id, key)` of the branches (a task offered to my group and to me is one match). */
function mergedMatches(branches: SQL[]): SQL {
  if (!branches.length) return sql`select null::text as id, null::bigint as key where false`;
  return sql`select distinct id, key from (${sql.join(branches, sql` union all `)}) as branch`;
}

/** A list by due date over merged index ranges: the page and, in the same statement, the count. */
async function listMerged(db: Db, query: TaskListQuery): Promise<TaskListResult> {
  const { direction, keyword } = ordering(query);
  const page = sql`select id from (${mergedMatches(mergedBranches(query, query.offset + query.limit))}) as matched order by key ${keyword}, id ${keyword} limit ${query.limit} offset ${query.offset}`;
  // every task: the first `countLimit + 1` rows that match, in any order; a person's: the distinct tasks
  // of the branches, each cut there
  const total =
    query.scope.kind === 'all'
      ? boundedCount(sql`select 1 from ${tasks} where ${generalWhere(query) ?? sql`true`}`, query.countLimit)
      : sql<number>`(select count(*)::int from (${mergedMatches(mergedBranches(query, query.countLimit === undefined ? undefined : query.countLimit + 1, false))}) as counted)`;
  const rows = (await db
    .select({ ...summaryColumns, total })
    .from(tasks)
    .where(sql`${tasks.id} in (${page})`)
    .orderBy(direction(tasks.dueAt), direction(tasks.id))) as (TaskSummaryRow & { total: number })[];
  return withTotal(db, query, rows, () => total);
}
