import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../store/database';
import { signatures } from '../../store/schema';

export type SignatureRow = typeof signatures.$inferSelect;

/** All SQL of the sign-off worker. */
export class SignatureRepository {
  constructor(private readonly db: Db) {}

  /** The signature a sign-off job already made, if any. */
  async forJob(jobKey: string): Promise<SignatureRow | undefined> {
    const [row] = await this.db.select().from(signatures).where(eq(signatures.jobKey, jobKey));
    return row;
  }

  /**
   * Stores a signature unless its job already stored one; returns the row that stands for the
   * job (the new one, or the earlier one after a concurrent retry).
   */
  async insertOnce(row: SignatureRow): Promise<SignatureRow> {
    const [inserted] = await this.db.insert(signatures).values(row).onConflictDoNothing({ target: signatures.jobKey }).returning();
    return inserted ?? (await this.forJob(row.jobKey))!;
  }

  /** Every signature on one document version, oldest first. */
  forDocumentVersion(documentId: string, version: number): Promise<SignatureRow[]> {
    return this.db
      .select()
      .from(signatures)
      .where(and(eq(signatures.documentId, documentId), eq(signatures.version, version)))
      .orderBy(asc(signatures.signedAt));
  }
}
