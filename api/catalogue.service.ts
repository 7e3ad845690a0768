import type { Db } from '../store/database';
import { CatalogueRepository } from '../store/document.repository';

/** An entry of the public catalogue of documents that remain valid (现行有效文件目录). */
export interface CatalogueItem {
  documentId: string;
  number: string | null;
  title: string;
  category: string;
  /** The department id as the publish worker recorded it. */
  department: string;
  departmentName: string | null;
  /** The department's English name (the public pages' second language). */
  departmentNameEn: string | null;
  publishedAt: number;
  url: string | null;
}

/** The catalogue as the public reads it (written by the publish worker and the cleanup). */
export class CatalogueService {
  constructor(private readonly db: Db) {}

  /** Newest publication first; `q` matches title or document number literally. */
  async search(filter: { q?: string; limit: number; offset: number }): Promise<{ rows: CatalogueItem[]; total: number }> {
    const { rows, total } = await new CatalogueRepository(this.db).list(filter);
    return {
      rows: rows.map((row) => ({
        documentId: row.documentId,
        number: row.number,
        title: row.title,
        category: row.category,
        department: row.department,
        departmentName: row.departmentName,
        departmentNameEn: row.departmentNameEn,
        publishedAt: row.publishedAt,
        url: row.url,
      })),
      total,
    };
  }
}
