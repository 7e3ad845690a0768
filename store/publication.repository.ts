import { and, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from './database';
import { catalogueEntries, cleanupCampaigns, documentProcesses, documents, documentVersions, publications, signatures } from './schema';

export type PublicationRow = typeof publications.$inferSelect;
/** A publication to record; `signatureId` is the sign-off it was checked against, if any. */
export type NewPublication = Omit<PublicationRow, 'signatureId'> & { signatureId?: string | null };
export type CatalogueEntryRow = typeof catalogueEntries.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type CampaignRow = typeof cleanupCampaigns.$inferSelect;
export type SignOffRow = typeof signatures.$inferSelect;

/** What a cleanup campaign's catalogue publication changes (see `publishCatalogue`). */
export interface CataloguePublication {
  campaignId: string;
  /** The documents that remain valid, complete entries (confirmedByCampaign is set to the campaign). */
  entries: Omit<CatalogueEntryRow, 'confirmedByCampaign' | 'updatedAt'>[];
  /** Documents leaving the catalogue and the status they end in. */
  removed: { documentId: string; status: 'abolished' | 'invalid' }[];
  publishedAt: number;
}

/** All SQL of publication: publications, the public catalogue (现行有效文件目录), and the document status they change. */
export class PublicationRepository {
  constructor(private readonly db: Db) {}

  /** The publication a publish job already recorded, if any. */
  async forJob(jobKey: string): Promise<PublicationRow | undefined> {
    const [row] = await this.db.select().from(publications).where(eq(publications.jobKey, jobKey));
    return row;
  }

  /** The document a process instance works on (document_processes), if it was linked. */
  async documentOfProcess(processInstanceKey: string): Promise<string | undefined> {
    const [row] = await this.db.select({ documentId: documentProcesses.documentId }).from(documentProcesses).where(eq(documentProcesses.processInstanceKey, processInstanceKey));
    return row?.documentId;
  }

  async document(id: string): Promise<DocumentRow | undefined> {
    const [row] = await this.db.select().from(documents).where(eq(documents.id, id));
    return row;
  }

  /** Registered documents named by id or by number (文号), as a cleanup catalogue names them. */
  async documentsByIdOrNumber(keys: string[]): Promise<DocumentRow[]> {
    if (keys.length === 0) return [];
    return this.db.select().from(documents).where(or(inArray(documents.id, keys), inArray(documents.number, keys)));
  }

  /** The stored text of a document version, if the version exists. */
  async versionText(documentId: string, version: number): Promise<string | undefined> {
    const [row] = await this.db
      .select({ content: documentVersions.content })
      .from(documentVersions)
      .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)));
    return row?.content;
  }

  /** A stored sign-off signature (workers/sign-off), if it exists. */
  async signature(id: string): Promise<SignOffRow | undefined> {
    const [row] = await this.db.select().from(signatures).where(eq(signatures.id, id));
    return row;
  }

  /** The latest publication of a document. */
  async latestForDocument(documentId: string): Promise<PublicationRow | undefined> {
    const [row] = await this.db.select().from(publications).where(eq(publications.documentId, documentId)).orderBy(desc(publications.publishedAt)).limit(1);
    return row;
  }

  /**
   * Records a publication and, in the same transaction, marks the document published and writes
   * its catalogue entry — unless the job already recorded one. Returns the row that stands for
   * the job (the new one, or the earlier one after a retry).
   */
  async publishDocument(row: NewPublication, entry: Omit<CatalogueEntryRow, 'confirmedByCampaign' | 'updatedAt'>): Promise<PublicationRow> {
    return this.db.transaction(async (tx) => {
      const [inserted] = await tx.insert(publications).values(row).onConflictDoNothing({ target: publications.jobKey }).returning();
      if (!inserted) return (await tx.select().from(publications).where(eq(publications.jobKey, row.jobKey)))[0]!;
      await tx.update(documents).set({ status: 'published', publishedAt: row.publishedAt, updatedAt: row.publishedAt }).where(eq(documents.id, row.documentId));
      await tx
        .insert(catalogueEntries)
        .values({ ...entry, updatedAt: row.publishedAt })
        .onConflictDoUpdate({
          target: catalogueEntries.documentId,
          set: { number: entry.number, title: entry.title, category: entry.category, department: entry.department, publishedAt: entry.publishedAt, url: entry.url, updatedAt: row.publishedAt },
        });
      return inserted;
    });
  }

  async campaign(id: string): Promise<CampaignRow | undefined> {
    const [row] = await this.db.select().from(cleanupCampaigns).where(eq(cleanupCampaigns.id, id));
    return row;
  }

  /** The current catalogue entries of these documents. */
  async catalogueEntries(documentIds: string[]): Promise<CatalogueEntryRow[]> {
    if (documentIds.length === 0) return [];
    return this.db.select().from(catalogueEntries).where(inArray(catalogueEntries.documentId, documentIds));
  }

  /** The whole public catalogue, newest publication first. */
  catalogue(): Promise<CatalogueEntryRow[]> {
    return this.db.select().from(catalogueEntries).orderBy(desc(catalogueEntries.publishedAt), catalogueEntries.documentId);
  }

  /**
   * Publishes a campaign's catalogue in one transaction: confirms (upserts) the entries that
   * remain valid, takes abolished and invalidated documents out of the catalogue and sets their
   * status, and marks the campaign published (its first publication time is kept). Repeating it
   * changes nothing but `updatedAt`.
   */
  async publishCatalogue({ campaignId, entries, removed, publishedAt }: CataloguePublication): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const entry of entries) {
        await tx
          .insert(catalogueEntries)
          .values({ ...entry, confirmedByCampaign: campaignId, updatedAt: publishedAt })
          .onConflictDoUpdate({
            target: catalogueEntries.documentId,
            set: { number: entry.number, title: entry.title, category: entry.category, department: entry.department, url: entry.url, confirmedByCampaign: campaignId, updatedAt: publishedAt },
          });
      }
      for (const status of ['abolished', 'invalid'] as const) {
        const ids = removed.filter((r) => r.status === status).map((r) => r.documentId);
        if (ids.length === 0) continue;
        await tx.delete(catalogueEntries).where(inArray(catalogueEntries.documentId, ids));
        await tx.update(documents).set({ status, updatedAt: publishedAt }).where(inArray(documents.id, ids));
      }
      await tx
        .update(cleanupCampaigns)
        .set({ status: 'published', cataloguePublishedAt: publishedAt })
        .where(and(eq(cleanupCampaigns.id, campaignId), isNull(cleanupCampaigns.cataloguePublishedAt)));
    });
  }
}
