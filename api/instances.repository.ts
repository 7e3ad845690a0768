import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/database';
import { processInstances, tasks } from '../store/schema';

export interface InstanceFilter {
  bpmnProcessId?: string;
  state?: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  /** Only instances whose `draftingDept` variable is this department. */
  draftingDept?: string;
  page: number;
  pageSize: number;
}

export interface InstanceListRow {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  state: string;
  createdAt: number;
  endedAt: number | null;
  documentTitle: string | null;
  draftingDept: string | null;
}

/** The instance's own (root scope) variables inside the runtime document. */
const rootVariables = sql`(${processInstances.runtime} -> 'variables' -> (${processInstances.key}::text))`;

/**
 * Read-only SQL over the embedded engine's `process_instances` and the task inbox, for the
 * instance list and the overdue marks of the diagram overlay.
 */
export class InstanceQueries {
  constructor(private readonly db: Db) {}

  /** A page of instances, newest first, with the total. */
  async list(filter: InstanceFilter): Promise<{ rows: InstanceListRow[]; total: number }> {
    const conditions: SQL[] = [];
    if (filter.bpmnProcessId) conditions.push(eq(processInstances.bpmnProcessId, filter.bpmnProcessId));
    if (filter.state) conditions.push(eq(processInstances.state, filter.state));
    if (filter.draftingDept) conditions.push(sql`${rootVariables} ->> 'draftingDept' = ${filter.draftingDept}`);
    const where = conditions.length ? and(...conditions) : undefined;
    const rows = await this.db
      .select({
        key: processInstances.key,
        bpmnProcessId: processInstances.bpmnProcessId,
        version: processInstances.version,
        state: processInstances.state,
        createdAt: processInstances.createdAt,
        endedAt: processInstances.endedAt,
        draftingDept: sql<string | null>`${rootVariables} ->> 'draftingDept'`,
        documentTitle: sql<string | null>`coalesce(${rootVariables} ->> 'documentTitle', (select ${tasks.documentTitle} from ${tasks} where ${tasks.processInstanceKey} = ${processInstances.key}::text and ${tasks.documentTitle} is not null limit 1))`,
      })
      .from(processInstances)
      .where(where)
      .orderBy(desc(processInstances.createdAt), desc(processInstances.key))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize);
    const [count] = await this.db.select({ n: sql<number>`count(*)::int` }).from(processInstances).where(where);
    return { rows: rows.map(({ key, ...row }) => ({ ...row, processInstanceKey: String(key) })), total: count?.n ?? 0 };
  }

  /** Element ids of the instance's open user tasks that are past their due date at `now`. */
  async overdueElements(processInstanceKey: string, now: number): Promise<Set<string>> {
    const rows = await this.db
      .select({ elementId: tasks.elementId })
      .from(tasks)
      .where(and(eq(tasks.processInstanceKey, processInstanceKey), eq(tasks.state, 'CREATED'), lt(tasks.dueAt, now)))
      .orderBy(asc(tasks.elementId));
    return new Set(rows.map((r) => r.elementId));
  }
}
