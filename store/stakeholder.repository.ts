import { asc, eq } from 'drizzle-orm';
import type { Db } from './database';
import { stakeholderPushes, stakeholders } from './schema';

export type StakeholderRow = typeof stakeholders.$inferSelect;
export type StakeholderPushRow = typeof stakeholderPushes.$inferSelect;

/** A push together with the name of the stakeholder it went to. */
export type PushWithStakeholder = StakeholderPushRow & { stakeholderName: string | null };

/**
 * All SQL over stakeholders (contact data stays sealed here: callers seal and open it) and reads
 * of the pushes the stakeholder-push worker records.
 */
export class StakeholderRepository {
  constructor(private readonly db: Db) {}

  async insert(row: StakeholderRow): Promise<StakeholderRow> {
    const [inserted] = await this.db.insert(stakeholders).values(row).returning();
    return inserted!;
  }

  async get(id: string): Promise<StakeholderRow | undefined> {
    const [row] = await this.db.select().from(stakeholders).where(eq(stakeholders.id, id));
    return row;
  }

  /** The stakeholders of a document in the order they were registered. */
  forDocument(documentId: string): Promise<StakeholderRow[]> {
    return this.db.select().from(stakeholders).where(eq(stakeholders.documentId, documentId)).orderBy(asc(stakeholders.createdAt), asc(stakeholders.id));
  }

  async update(id: string, patch: Partial<Omit<StakeholderRow, 'id' | 'documentId'>>): Promise<StakeholderRow> {
    const [updated] = await this.db.update(stakeholders).set(patch).where(eq(stakeholders.id, id)).returning();
    return updated!;
  }

  /** The pushes of a document, earliest due first. */
  pushes(documentId: string): Promise<PushWithStakeholder[]> {
    return this.db
      .select({
        id: stakeholderPushes.id,
        documentId: stakeholderPushes.documentId,
        stakeholderId: stakeholderPushes.stakeholderId,
        channel: stakeholderPushes.channel,
        dueAt: stakeholderPushes.dueAt,
        pushedAt: stakeholderPushes.pushedAt,
        outcome: stakeholderPushes.outcome,
        detail: stakeholderPushes.detail,
        jobKey: stakeholderPushes.jobKey,
        stakeholderName: stakeholders.name,
      })
      .from(stakeholderPushes)
      .leftJoin(stakeholders, eq(stakeholders.id, stakeholderPushes.stakeholderId))
      .where(eq(stakeholderPushes.documentId, documentId))
      .orderBy(asc(stakeholderPushes.dueAt), asc(stakeholderPushes.id));
  }
}
