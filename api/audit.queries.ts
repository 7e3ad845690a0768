import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/database';
import { auditLog } from '../store/schema';

export interface AuditFilter {
  actor?: string;
  action?: string;
  resource?: string;
  resourceId?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  page: number;
  pageSize: number;
}

/** Reading the audit log for `GET /api/audit`: filtered, newest first, paged with the total. */
export class AuditQueries {
  constructor(private readonly db: Db) {}

  async page(filter: AuditFilter) {
    const conditions: SQL[] = [];
    if (filter.actor) conditions.push(eq(auditLog.actor, filter.actor));
    if (filter.action) conditions.push(eq(auditLog.action, filter.action));
    if (filter.resource) conditions.push(eq(auditLog.resource, filter.resource));
    if (filter.resourceId) conditions.push(eq(auditLog.resourceId, filter.resourceId));
    if (filter.from !== undefined) conditions.push(gte(auditLog.at, filter.from));
    if (filter.to !== undefined) conditions.push(lt(auditLog.at, filter.to));
    const where = conditions.length ? and(...conditions) : undefined;
    const rows = await this.db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize);
    const [count] = await this.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where);
    const items = rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() }));
    return { items, total: count?.n ?? 0, page: filter.page, pageSize: filter.pageSize };
  }
}
