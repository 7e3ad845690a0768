import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../store/database';
import { documentProcesses, documents, documentVersions, signatures } from '../../store/schema';

export type SignatureRow = typeof signatures.$inferSelect;

/** The stored text of one document version and the hash recorded when it was saved. */
export interface StoredVersion {
  documentId: string;
  version: number;
  content: string;
  contentHash: string;
}

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

  /** The document a process instance works on (document_processes), if it was linked. */
  async documentOfProcess(processInstanceKey: string): Promise<string | undefined> {
    const [row] = await this.db.select({ documentId: documentProcesses.documentId }).from(documentProcesses).where(eq(documentProcesses.processInstanceKey, processInstanceKey));
    return row?.documentId;
  }

  /** The current version number of a document, or undefined when there is no such document. */
  async currentVersion(documentId: string): Promise<number | undefined> {
    const [row] = await this.db.select({ currentVersion: documents.currentVersion }).from(documents).where(eq(documents.id, documentId));
    return row?.currentVersion;
  }

  /** The stored text of a document version (document_versions), if it exists. */
  async storedVersion(documentId: string, version: number): Promise<StoredVersion | undefined> {
    const [row] = await this.db
      .select({ documentId: documentVersions.documentId, version: documentVersions.version, content: documentVersions.content, contentHash: documentVersions.contentHash })
      .from(documentVersions)
      .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)));
    return row;
  }
}
