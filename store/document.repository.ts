import { and, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from './database';
import { catalogueEntries, departments, documentVersions, documents } from './schema';

export type DocumentRow = typeof documents.$inferSelect;
export type DocumentStatus = DocumentRow['status'];
export type DocumentVersionRow = typeof documentVersions.$inferSelect;
export type CatalogueRow = typeof catalogueEntries.$inferSelect & { departmentName: string | null; departmentNameEn: string | null };

/** A version without its text, for lists. */
export type VersionSummary = Omit<DocumentVersionRow, 'content'>;

export interface DocumentFilter {
  q?: string;
  status?: DocumentStatus;
  category?: string;
  department?: string;
  /** Restricts the result to these ids (an evaluator's documents). */
  onlyIds?: string[];
  limit: number;
  offset: number;
}

/** A LIKE pattern that matches `text` literally anywhere (the wildcards `%` and `_` of user text are escaped). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The number a `select count()` answered. */
export function totalOf(rows: Array<{ total: number | string }>): number {
  return Number(rows[0]?.total ?? 0);
}

/** All SQL over documents and their versions. */
export class DocumentRepository {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<DocumentRow | undefined> {
    const [row] = await this.db.select().from(documents).where(eq(documents.id, id));
    return row;
  }

  /** Newest change first, with the total for paging. */
  async list(filter: DocumentFilter): Promise<{ rows: DocumentRow[]; total: number }> {
    const conditions: SQL[] = [];
    if (filter.q) {
      const pattern = containsPattern(filter.q);
      conditions.push(or(ilike(documents.title, pattern), ilike(documents.number, pattern), ilike(documents.summary, pattern))!);
    }
    if (filter.status) conditions.push(eq(documents.status, filter.status));
    if (filter.category) conditions.push(eq(documents.category, filter.category));
    if (filter.department) conditions.push(or(eq(documents.draftingDept, filter.department), eq(documents.leadDept, filter.department))!);
    if (filter.onlyIds) {
      if (filter.onlyIds.length === 0) return { rows: [], total: 0 };
      conditions.push(inArray(documents.id, filter.onlyIds));
    }
    const where = and(...conditions);
    const rows = await this.db.select().from(documents).where(where).orderBy(desc(documents.updatedAt), documents.id).limit(filter.limit).offset(filter.offset);
    return { rows, total: totalOf(await this.db.select({ total: count() }).from(documents).where(where)) };
  }

  async insert(row: DocumentRow): Promise<DocumentRow> {
    const [inserted] = await this.db.insert(documents).values(row).returning();
    return inserted!;
  }

  async update(id: string, patch: Partial<Omit<DocumentRow, 'id'>>): Promise<DocumentRow> {
    const [updated] = await this.db.update(documents).set(patch).where(eq(documents.id, id)).returning();
    return updated!;
  }

  /** Claims the next version number of a document (serialises concurrent writers on the row). */
  async claimNextVersion(id: string, now: number): Promise<number> {
    const [row] = await this.db
      .update(documents)
      .set({ currentVersion: sql`${documents.currentVersion} + 1`, updatedAt: now })
      .where(eq(documents.id, id))
      .returning({ version: documents.currentVersion });
    return row!.version;
  }

  async insertVersion(row: DocumentVersionRow): Promise<void> {
    await this.db.insert(documentVersions).values(row);
  }

  /** Every version without its text, oldest first. */
  versions(documentId: string): Promise<VersionSummary[]> {
    return this.db
      .select({
        documentId: documentVersions.documentId,
        version: documentVersions.version,
        contentHash: documentVersions.contentHash,
        note: documentVersions.note,
        createdBy: documentVersions.createdBy,
        createdAt: documentVersions.createdAt,
      })
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId))
      .orderBy(documentVersions.version);
  }

  async version(documentId: string, version: number): Promise<DocumentVersionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(documentVersions)
      .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)));
    return row;
  }

  /** Takes a document off the catalogue of valid documents (abolished or declared invalid); true when it was listed. */
  async removeFromCatalogue(documentId: string): Promise<boolean> {
    const removed = await this.db.delete(catalogueEntries).where(eq(catalogueEntries.documentId, documentId)).returning({ id: catalogueEntries.documentId });
    return removed.length > 0;
  }
}

/** Reads of the public catalogue of documents that remain valid (the publish worker writes it). */
export class CatalogueRepository {
  constructor(private readonly db: Db) {}

  /** Newest publication first; `q` matches title or number literally. */
  async list(filter: { q?: string; limit: number; offset: number }): Promise<{ rows: CatalogueRow[]; total: number }> {
    const where = filter.q ? or(ilike(catalogueEntries.title, containsPattern(filter.q)), ilike(catalogueEntries.number, containsPattern(filter.q))) : undefined;
    const rows = await this.db
      .select({
        documentId: catalogueEntries.documentId,
        number: catalogueEntries.number,
        title: catalogueEntries.title,
        category: catalogueEntries.category,
        department: catalogueEntries.department,
        publishedAt: catalogueEntries.publishedAt,
        url: catalogueEntries.url,
        confirmedByCampaign: catalogueEntries.confirmedByCampaign,
        updatedAt: catalogueEntries.updatedAt,
        departmentName: departments.name,
        departmentNameEn: departments.nameEn,
      })
      .from(catalogueEntries)
      .leftJoin(departments, eq(departments.id, catalogueEntries.department))
      .where(where)
      .orderBy(desc(catalogueEntries.publishedAt), catalogueEntries.documentId)
      .limit(filter.limit)
      .offset(filter.offset);
    return { rows, total: totalOf(await this.db.select({ total: count() }).from(catalogueEntries).where(where)) };
  }
}
