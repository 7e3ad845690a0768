import { and, asc, count, desc, eq, gt, inArray, isNull, lte, max, type SQL } from 'drizzle-orm';
import type { Db } from './database';
import { totalOf } from './document.repository';
import { comments, consultations, documents } from './schema';

export type ConsultationRow = typeof consultations.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;
export type Disposition = NonNullable<CommentRow['disposition']>;

/** All SQL over public consultations (公开征求意见) and their comments. */
export class ConsultationRepository {
  constructor(private readonly db: Db) {}

  async insert(row: ConsultationRow): Promise<ConsultationRow> {
    const [inserted] = await this.db.insert(consultations).values(row).returning();
    return inserted!;
  }

  async get(id: string): Promise<ConsultationRow | undefined> {
    const [row] = await this.db.select().from(consultations).where(eq(consultations.id, id));
    return row;
  }

  /** The rounds of a document, first round first. */
  forDocument(documentId: string): Promise<ConsultationRow[]> {
    return this.db.select().from(consultations).where(eq(consultations.documentId, documentId)).orderBy(asc(consultations.round));
  }

  /** The latest round of a document (of one process instance when given and present). */
  async latest(documentId: string, processInstanceKey?: string): Promise<ConsultationRow | undefined> {
    if (processInstanceKey) {
      const [own] = await this.db
        .select()
        .from(consultations)
        .where(and(eq(consultations.documentId, documentId), eq(consultations.processInstanceKey, processInstanceKey)))
        .orderBy(desc(consultations.round))
        .limit(1);
      if (own) return own;
    }
    const [row] = await this.db.select().from(consultations).where(eq(consultations.documentId, documentId)).orderBy(desc(consultations.round)).limit(1);
    return row;
  }

  async highestRound(documentId: string): Promise<number> {
    const [row] = await this.db.select({ round: max(consultations.round) }).from(consultations).where(eq(consultations.documentId, documentId));
    return row?.round ?? 0;
  }

  /** Consultations open at `now` (opened, not yet closed), closing soonest first. */
  async openAt(now: number): Promise<ConsultationRow[]> {
    return this.db
      .select()
      .from(consultations)
      .where(and(lte(consultations.opensAt, now), gt(consultations.closesAt, now)))
      .orderBy(asc(consultations.closesAt), asc(consultations.id));
  }

  /** A round of the document that has not closed yet at `now` (scheduled or open). */
  async unclosed(documentId: string, now: number): Promise<ConsultationRow | undefined> {
    const [row] = await this.db
      .select()
      .from(consultations)
      .where(and(eq(consultations.documentId, documentId), gt(consultations.closesAt, now)))
      .limit(1);
    return row;
  }

  /** Serialises the opening of rounds of one document inside a transaction (locks the document row). */
  async lockDocument(documentId: string): Promise<void> {
    await this.db.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId)).for('update');
  }

  /** A new comment: classification and disposition stay empty until the drafting department decides. */
  async insertComment(row: typeof comments.$inferInsert): Promise<CommentRow> {
    const [inserted] = await this.db.insert(comments).values(row).returning();
    return inserted!;
  }

  async comment(id: string): Promise<CommentRow | undefined> {
    const [row] = await this.db.select().from(comments).where(eq(comments.id, id));
    return row;
  }

  /** Comments of a consultation in the order they came in; `pending` = not yet decided. */
  async comments(consultationId: string, filter: { disposition?: Disposition | 'pending'; limit: number; offset: number }): Promise<{ rows: CommentRow[]; total: number }> {
    const conditions: SQL[] = [eq(comments.consultationId, consultationId)];
    if (filter.disposition === 'pending') conditions.push(isNull(comments.disposition));
    else if (filter.disposition) conditions.push(eq(comments.disposition, filter.disposition));
    const where = and(...conditions);
    const rows = await this.db.select().from(comments).where(where).orderBy(asc(comments.submittedAt), asc(comments.id)).limit(filter.limit).offset(filter.offset);
    return { rows, total: totalOf(await this.db.select({ total: count() }).from(comments).where(where)) };
  }

  /** Every comment of a consultation (for matching a disposal form against what came in). */
  allComments(consultationId: string): Promise<CommentRow[]> {
    return this.db.select().from(comments).where(eq(comments.consultationId, consultationId)).orderBy(asc(comments.submittedAt), asc(comments.id));
  }

  async updateComment(id: string, patch: Partial<Omit<CommentRow, 'id' | 'consultationId'>>): Promise<CommentRow> {
    const [updated] = await this.db.update(comments).set(patch).where(eq(comments.id, id)).returning();
    return updated!;
  }

  /** How many comments each of these consultations received. */
  async commentCounts(consultationIds: string[]): Promise<Map<string, number>> {
    if (consultationIds.length === 0) return new Map();
    const rows = await this.db
      .select({ id: comments.consultationId, total: count() })
      .from(comments)
      .where(inArray(comments.consultationId, consultationIds))
      .groupBy(comments.consultationId);
    return new Map(rows.map((row) => [row.id, Number(row.total)]));
  }
}
