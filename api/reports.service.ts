import path from 'node:path';
import { NotFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import type { Db } from '../store/database';
import type { DocumentRow } from '../store/document.repository';
import { ResearchReportRepository, type ResearchReportRow } from '../store/research-report.repository';
import { reportFile } from '../workers/report/handler';
import { visibleDocument } from './documents.access';

/** A research report in the list of its document. */
export interface ReportListItem {
  id: string;
  createdAt: number;
  /** Hex SHA-256 of the HTML: what the report says, checkable against `GET /reports/:id`. */
  contentHash: string;
}

/** Characters a file name on Windows or in a header must not contain. */
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;

/**
 * The research reports (调研报告, regime 1 item 9) the report worker assembled: their list, the
 * HTML stored in research_reports and the DOCX it wrote to `reportsDir`. Whoever may see the
 * document may read its reports (documents.access: every staff member; an evaluator only for
 * the documents of its own evaluation projects, others get 404): the report is made of records
 * those readers already see (consultations, comments without contacts, meetings, expert opinions).
 */
export class ReportService {
  constructor(
    private readonly db: Db,
    /** `<DATA_DIR>/reports`, where the report worker writes the DOCX files. */
    private readonly reportsDir: string,
  ) {}

  /** The reports of a document, oldest first. Throws NotFound / Forbidden as `visibleDocument`. */
  async list(principal: Principal, documentId: string): Promise<ReportListItem[]> {
    await visibleDocument(this.db, principal, documentId);
    return (await new ResearchReportRepository(this.db).listByDocument(documentId)).map(({ id, createdAt, contentHash }) => ({ id, createdAt, contentHash }));
  }

  /** One report with its HTML. Throws NotFound for an unknown report or a hidden document. */
  async get(principal: Principal, id: string): Promise<ResearchReportRow> {
    return (await this.visibleReport(principal, id)).report;
  }

  /**
   * Where the DOCX of a report lies (an absolute path built from the stored report id, never
   * from the request) and the name to offer it under, e.g. 《沈阳市促进消费若干政策措施》调研论证报告.docx.
   */
  async docx(principal: Principal, id: string): Promise<{ file: string; fileName: string }> {
    const { report, document } = await this.visibleReport(principal, id);
    const title = document.title.replace(UNSAFE_IN_FILE_NAME, '_').slice(0, 80);
    return { file: path.resolve(reportFile(this.reportsDir, report.id)), fileName: `《${title}》调研论证报告.docx` };
  }

  private async visibleReport(principal: Principal, id: string): Promise<{ report: ResearchReportRow; document: DocumentRow }> {
    const report = await new ResearchReportRepository(this.db).get(id);
    if (!report) throw new NotFound(`report ${id} not found`);
    return { report, document: await visibleDocument(this.db, principal, report.documentId) };
  }
}
