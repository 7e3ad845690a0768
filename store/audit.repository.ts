import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from './database';
import { auditLog } from './schema';

export interface AuditEntry {
  /** A user id, `public`, or `worker:<type>`. */
  actor: string;
  /** What was done, e.g. `task.complete`, `definition.deploy`. */
  action: string;
  resource: string;
  resourceId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** The append-only audit log (the database refuses updates and deletes). */
export class AuditRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Records one mutation; pass the transaction when the change itself runs in one. */
  async record(entry: AuditEntry, tx: Db = this.db): Promise<void> {
    await tx.insert(auditLog).values({
      at: this.now(),
      actor: entry.actor,
      action: entry.action,
      resource: entry.resource,
      resourceId: entry.resourceId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
    });
  }

  /** Newest first; `before` pages by id. */
  async list(filter: { actor?: string; resource?: string; resourceId?: string; before?: number; limit: number }) {
    const conditions: SQL[] = [];
    if (filter.actor) conditions.push(eq(auditLog.actor, filter.actor));
    if (filter.resource) conditions.push(eq(auditLog.resource, filter.resource));
    if (filter.resourceId) conditions.push(eq(auditLog.resourceId, filter.resourceId));
    if (filter.before) conditions.push(lt(auditLog.id, filter.before));
    return this.db.select().from(auditLog).where(and(...conditions)).orderBy(desc(auditLog.id)).limit(filter.limit);
  }
}
