import { asc, eq } from 'drizzle-orm';
import type { Db } from '../store/database';
import type { ResearchReportRow } from '../store/research-report.repository';
import { researchReports } from '../store/schema';

/** A research report in a list: what it is, not its text. */
export type ReportSummary = Pick<ResearchReportRow, 'id' | 'documentId' | 'contentHash' | 'createdAt'>;

/**
 * Reads of research_reports the records API needs and store/research-report.repository.ts does
 * not offer yet (a report by id; a list without the HTML). Belong there once that file may change.
 */
export class ReportQueries {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<ResearchReportRow | undefined> {
    const [row] = await this.db.select().from(researchReports).where(eq(researchReports.id, id));
    return row;
  }

  /** The reports assembled for a document, oldest first, without their HTML. */
  forDocument(documentId: string): Promise<ReportSummary[]> {
    return this.db
      .select({ id: researchReports.id, documentId: researchReports.documentId, contentHash: researchReports.contentHash, createdAt: researchReports.createdAt })
      .from(researchReports)
      .where(eq(researchReports.documentId, documentId))
      .orderBy(asc(researchReports.createdAt), asc(researchReports.id));
  }
}
