import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './database';
import { documents, stakeholderPushes, stakeholders } from './schema';

export type StakeholderRow = typeof stakeholders.$inferSelect;
export type PushRow = typeof stakeholderPushes.$inferSelect;
export type PushChannel = PushRow['channel'];
/** What staff record for a push they made by phone or post. */
export type StaffOutcome = Exclude<PushRow['outcome'], 'pending'>;

/** All SQL of stakeholder pushes (regime 2, item 5): stakeholders, their document, the push ledger. */
export class PushRepository {
  constructor(private readonly db: Db) {}

  /** A push by its id (the records API names pushes by id; the worker by document, stakeholder and channel). */
  async get(id: string): Promise<PushRow | undefined> {
    const [row] = await this.db.select().from(stakeholderPushes).where(eq(stakeholderPushes.id, id));
    return row;
  }

  async stakeholder(id: string): Promise<StakeholderRow | undefined> {
    const [row] = await this.db.select().from(stakeholders).where(eq(stakeholders.id, id));
    return row;
  }

  /** Title and drafting department of a document, if it exists. */
  async document(id: string): Promise<{ title: string; draftingDept: string } | undefined> {
    const [row] = await this.db.select({ title: documents.title, draftingDept: documents.draftingDept }).from(documents).where(eq(documents.id, id));
    return row;
  }

  /**
   * The push of a document to a stakeholder on a channel: the one already recorded, or `row`
   * recorded now. There is never more than one per (document, stakeholder, channel).
   */
  async claim(row: PushRow): Promise<PushRow> {
    const [inserted] = await this.db.insert(stakeholderPushes).values(row).onConflictDoNothing().returning();
    return inserted ?? (await this.find(row.documentId, row.stakeholderId, row.channel))!;
  }

  async find(documentId: string, stakeholderId: string, channel: PushChannel): Promise<PushRow | undefined> {
    const [row] = await this.db
      .select()
      .from(stakeholderPushes)
      .where(and(eq(stakeholderPushes.documentId, documentId), eq(stakeholderPushes.stakeholderId, stakeholderId), eq(stakeholderPushes.channel, channel)));
    return row;
  }

  /** An automatic push went out: delivered at `pushedAt`. */
  async markDelivered(id: string, pushedAt: number, detail: string): Promise<PushRow> {
    const [row] = await this.db.update(stakeholderPushes).set({ outcome: 'delivered', pushedAt, detail }).where(eq(stakeholderPushes.id, id)).returning();
    return row!;
  }

  /** Notes why the last attempt of a pending push failed; it stays pending and is tried again. */
  async noteAttempt(id: string, detail: string): Promise<void> {
    await this.db.update(stakeholderPushes).set({ detail }).where(and(eq(stakeholderPushes.id, id), eq(stakeholderPushes.outcome, 'pending')));
  }

  /**
   * Staff record a pending push they made by phone or post (or that failed, e.g. a wrong
   * address). Returns false when there is no such pending push (unknown, or recorded already).
   */
  async recordStaffOutcome(push: { documentId: string; stakeholderId: string; channel: PushChannel; outcome: StaffOutcome; pushedAt: number; detail?: string }): Promise<boolean> {
    const updated = await this.db
      .update(stakeholderPushes)
      .set({ outcome: push.outcome, pushedAt: push.pushedAt, detail: push.detail ?? null })
      .where(
        and(
          eq(stakeholderPushes.documentId, push.documentId),
          eq(stakeholderPushes.stakeholderId, push.stakeholderId),
          eq(stakeholderPushes.channel, push.channel),
          eq(stakeholderPushes.outcome, 'pending'),
        ),
      )
      .returning({ id: stakeholderPushes.id });
    return updated.length === 1;
  }

  /** Every push of a document, earliest due first. */
  forDocument(documentId: string): Promise<PushRow[]> {
    return this.db.select().from(stakeholderPushes).where(eq(stakeholderPushes.documentId, documentId)).orderBy(asc(stakeholderPushes.dueAt), asc(stakeholderPushes.stakeholderId));
  }
}
