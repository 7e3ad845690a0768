import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/database';
import { processInstances, tasks, zeebeIncidents, zeebeInstances, zeebeObservations } from '../store/schema';

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

/** An instance as the app observed it on Zeebe; `state` is TERMINATED (cancelled here), ACTIVE (an open task or incident shows it runs) or UNKNOWN. */
export interface ObservedInstanceRow {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  startedHere: boolean;
  state: 'ACTIVE' | 'TERMINATED' | 'UNKNOWN';
  variables: Record<string, unknown>;
  draftingDept: string | null;
  documentTitle: string | null;
  createdAt: number;
  endedAt: number | null;
}

export type ObservedIncidentRow = typeof zeebeIncidents.$inferSelect;

/** The observed state: cancelled here, else running when one of its tasks or incidents is open, else not known. */
const observedState = sql<ObservedInstanceRow['state']>`case
  when "zeebe_instances"."end_state" is not null then "zeebe_instances"."end_state"
  when exists (select 1 from "tasks" t where t."process_instance_key" = "zeebe_instances"."process_instance_key" and t."state" = 'CREATED')
    or exists (select 1 from "zeebe_incidents" i where i."process_instance_key" = "zeebe_instances"."process_instance_key" and i."state" = 'ACTIVE')
  then 'ACTIVE' else 'UNKNOWN' end`;

const observedColumns = {
  processInstanceKey: zeebeInstances.processInstanceKey,
  bpmnProcessId: zeebeInstances.bpmnProcessId,
  version: zeebeInstances.version,
  processDefinitionKey: zeebeInstances.processDefinitionKey,
  startedHere: zeebeInstances.startedHere,
  state: observedState,
  variables: zeebeInstances.variables,
  draftingDept: zeebeInstances.draftingDept,
  documentTitle: zeebeInstances.documentTitle,
  createdAt: zeebeInstances.createdAt,
  endedAt: zeebeInstances.endedAt,
};

/**
 * Read-only SQL over what the app observed of a Zeebe cluster (`zeebe_*`, written by
 * engine/zeebe/observer.ts) and the task inbox, for the instance and incident views on Zeebe.
 */
export class ObservedQueries {
  constructor(private readonly db: Db) {}

  /** A page of observed instances, newest first, with the total. `state` COMPLETED is never observed. */
  async list(filter: Omit<InstanceFilter, 'state'> & { state?: 'ACTIVE' | 'TERMINATED' }): Promise<{ rows: ObservedInstanceRow[]; total: number }> {
    const conditions: SQL[] = [];
    if (filter.bpmnProcessId) conditions.push(eq(zeebeInstances.bpmnProcessId, filter.bpmnProcessId));
    if (filter.draftingDept) conditions.push(eq(zeebeInstances.draftingDept, filter.draftingDept));
    if (filter.state) conditions.push(sql`(${observedState}) = ${filter.state}`);
    const where = conditions.length ? and(...conditions) : undefined;
    const rows = await this.db
      .select(observedColumns)
      .from(zeebeInstances)
      .where(where)
      .orderBy(desc(zeebeInstances.createdAt), desc(zeebeInstances.processInstanceKey))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize);
    const [count] = await this.db.select({ n: sql<number>`count(*)::int` }).from(zeebeInstances).where(where);
    return { rows, total: count?.n ?? 0 };
  }

  async instance(processInstanceKey: string): Promise<ObservedInstanceRow | undefined> {
    const [row] = await this.db.select(observedColumns).from(zeebeInstances).where(eq(zeebeInstances.processInstanceKey, processInstanceKey)).limit(1);
    return row;
  }

  /** What the app saw happen in the instance, in the order it saw it. */
  async observations(processInstanceKey: string) {
    return this.db.select().from(zeebeObservations).where(eq(zeebeObservations.processInstanceKey, processInstanceKey)).orderBy(asc(zeebeObservations.id));
  }

  /** The instance's user tasks in the inbox (also those announced before observations were kept). */
  async tasks(processInstanceKey: string) {
    return this.db.select({ jobKey: tasks.id, elementId: tasks.elementId, state: tasks.state }).from(tasks).where(eq(tasks.processInstanceKey, processInstanceKey)).orderBy(asc(tasks.createdAt));
  }

  /** Incidents the app's workers raised, oldest first. */
  async incidents(filter: { state?: 'ACTIVE' | 'RESOLVED'; processInstanceKey?: string } = {}): Promise<ObservedIncidentRow[]> {
    const conditions: SQL[] = [];
    if (filter.state) conditions.push(eq(zeebeIncidents.state, filter.state));
    if (filter.processInstanceKey) conditions.push(eq(zeebeIncidents.processInstanceKey, filter.processInstanceKey));
    return this.db
      .select()
      .from(zeebeIncidents)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(asc(zeebeIncidents.createdAt), asc(zeebeIncidents.id));
  }

  /** The incident of a job: the active one, else the latest. */
  async incidentOfJob(jobKey: string): Promise<ObservedIncidentRow | undefined> {
    const [row] = await this.db
      .select()
      .from(zeebeIncidents)
      .where(eq(zeebeIncidents.jobKey, jobKey))
      .orderBy(sql`${zeebeIncidents.state} = 'ACTIVE' desc`, desc(zeebeIncidents.id))
      .limit(1);
    return row;
  }
}
