import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from './database';
import { comments, consultations, departments, documentProcesses, documents, documentVersions, expertOpinions, meetings, researchReports } from './schema';

export type ResearchReportRow = typeof researchReports.$inferSelect;
export type ConsultationRow = typeof consultations.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;
export type MeetingRow = typeof meetings.$inferSelect;
export type ExpertOpinionRow = typeof expertOpinions.$inferSelect;
/** A research report in a list: what it is, not its text. */
export type ReportSummary = Pick<ResearchReportRow, 'id' | 'documentId' | 'contentHash' | 'createdAt'>;

/** Everything recorded during the research and deliberation of one document (regime 1). */
export interface ResearchRecords {
  document: typeof documents.$inferSelect;
  /** Names of the drafting and lead departments, by id (missing when the department is not registered). */
  departmentNames: Record<string, string>;
  /** The current version, when there is one. */
  version?: { version: number; contentHash: string };
  /** Rounds of public comment, first round first. */
  consultations: ConsultationRow[];
  /** Every comment with its disposition, by round and time of submission. */
  comments: CommentRow[];
  /** Symposia, expert reviews and hearings, in the order they were held. */
  meetings: MeetingRow[];
  expertOpinions: ExpertOpinionRow[];
}

/** All SQL of the research report: the records it is assembled from, and the reports. */
export class ResearchReportRepository {
  constructor(private readonly db: Db) {}

  /** A report by its id, with its HTML. */
  async get(id: string): Promise<ResearchReportRow | undefined> {
    const [row] = await this.db.select().from(researchReports).where(eq(researchReports.id, id));
    return row;
  }

  /** The reports assembled for a document, oldest first, without their HTML (for lists). */
  listByDocument(documentId: string): Promise<ReportSummary[]> {
    return this.db
      .select({ id: researchReports.id, documentId: researchReports.documentId, contentHash: researchReports.contentHash, createdAt: researchReports.createdAt })
      .from(researchReports)
      .where(eq(researchReports.documentId, documentId))
      .orderBy(asc(researchReports.createdAt), asc(researchReports.id));
  }

  /** The report a report job already assembled, if any. */
  async forJob(jobKey: string): Promise<ResearchReportRow | undefined> {
    const [row] = await this.db.select().from(researchReports).where(eq(researchReports.jobKey, jobKey));
    return row;
  }

  /** The document a process instance works on (document_processes), if it was linked. */
  async documentOfProcess(processInstanceKey: string): Promise<string | undefined> {
    const [row] = await this.db.select({ documentId: documentProcesses.documentId }).from(documentProcesses).where(eq(documentProcesses.processInstanceKey, processInstanceKey));
    return row?.documentId;
  }

  /** What was recorded for a document, or undefined when there is no such document. */
  async records(documentId: string): Promise<ResearchRecords | undefined> {
    const [document] = await this.db.select().from(documents).where(eq(documents.id, documentId));
    if (!document) return undefined;
    const [version] = await this.db
      .select({ version: documentVersions.version, contentHash: documentVersions.contentHash })
      .from(documentVersions)
      .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, document.currentVersion)));
    const rounds = await this.db.select().from(consultations).where(eq(consultations.documentId, documentId)).orderBy(asc(consultations.round), asc(consultations.opensAt));
    const roundComments = rounds.length
      ? await this.db
          .select()
          .from(comments)
          .where(inArray(comments.consultationId, rounds.map((r) => r.id)))
          .orderBy(asc(comments.submittedAt), asc(comments.id))
      : [];
    const order = new Map(rounds.map((r, i) => [r.id, i]));
    const named = await this.db
      .select({ id: departments.id, name: departments.name })
      .from(departments)
      .where(inArray(departments.id, [document.draftingDept, ...(document.leadDept ? [document.leadDept] : [])]));
    return {
      document,
      departmentNames: Object.fromEntries(named.map((d) => [d.id, d.name])),
      version,
      consultations: rounds,
      comments: roundComments.sort((a, b) => order.get(a.consultationId)! - order.get(b.consultationId)!),
      meetings: await this.db.select().from(meetings).where(eq(meetings.documentId, documentId)).orderBy(asc(meetings.heldAt), asc(meetings.id)),
      expertOpinions: await this.db.select().from(expertOpinions).where(eq(expertOpinions.documentId, documentId)).orderBy(asc(expertOpinions.submittedAt), asc(expertOpinions.id)),
    };
  }

  /**
   * Stores a report unless its job already stored one; returns the row that stands for the job
   * (the new one, or the earlier one after a retry).
   */
  async insertOnce(row: ResearchReportRow): Promise<ResearchReportRow> {
    const [inserted] = await this.db.insert(researchReports).values(row).onConflictDoNothing({ target: researchReports.jobKey }).returning();
    return inserted ?? (await this.forJob(row.jobKey))!;
  }

  /** Every report assembled for a document, oldest first. */
  forDocument(documentId: string): Promise<ResearchReportRow[]> {
    return this.db.select().from(researchReports).where(eq(researchReports.documentId, documentId)).orderBy(asc(researchReports.createdAt));
  }
}
