import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Invalid } from '../../domain/errors';
import type { Clock } from '../../engine/clock';
import { done, type Job, type JobOutcome, type JobWorkerConfig } from '../../engine/port';
import type { ResearchReportRepository, ResearchReportRow } from '../../store/research-report.repository';
import { retryBackOff } from '../notify/handler';
import { renderDocx } from './docx';
import { renderHtml } from './html';
import { assembleReport } from './report';

/** The job type, equal to the element template's `zeebe:taskDefinition` type. */
export const REPORT_TASK_TYPE = 'report';

/**
 * The variables the handler reads (the template's `zeebe:input` names): the document, and what
 * the research found — named as the research-deliberation forms name them, so that the diagram
 * needs no input mappings.
 */
export const REPORT_INPUTS = [
  'documentId',
  'currentSituation',
  'draftBackground',
  'necessityFeasibility',
  'policyFit',
  'draftImpact',
  'costBenefitConclusion',
  'researchTeam',
  'researchMethods',
  'legalBasis',
  'references',
] as const;

/** Unset input mappings arrive as null; blank texts count as not recorded. */
const text = z
  .string()
  .nullish()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
/** A FEEL list, or text with one entry per line (a static mapping or a textarea). */
const list = z
  .union([z.array(z.string()), z.string().transform((s) => s.split(/\r?\n/))])
  .nullish()
  .transform((l) => (l ?? []).map((s) => s.trim()).filter(Boolean));

const inputs = z.object({
  documentId: z.union([z.string().trim().min(1, 'required'), z.number().int().transform(String)]).nullish().transform((v) => v ?? undefined),
  currentSituation: text,
  draftBackground: text,
  necessityFeasibility: text,
  policyFit: text,
  draftImpact: text,
  costBenefitConclusion: text,
  researchTeam: text,
  researchMethods: list,
  legalBasis: text,
  references: list,
});

export type ReportVariables = Partial<Record<(typeof REPORT_INPUTS)[number], unknown>>;

export interface ReportDependencies {
  reports: ResearchReportRepository;
  /** Folder of the DOCX files, `<DATA_DIR>/reports`; created when missing. */
  reportsDir: string;
  clock: Clock;
}

/** Where the DOCX of a report lies. */
export function reportFile(reportsDir: string, reportId: string): string {
  return path.join(reportsDir, `${reportId}.docx`);
}

/**
 * Assembles the three-part research report (说明, 依据摘录, 支撑材料) of `documentId` (or of the
 * document linked to the process instance) from the recorded consultations, comments with their
 * dispositions, meetings with participants and minutes, and expert opinions, plus what the
 * research found. Stores the HTML in research_reports and writes a DOCX beside it; outputs
 * researchReport (the report id; the DOCX is `reportFile(reportsDir, id)`) and
 * researchReportHash (SHA-256 of the HTML). A retried job returns the report it already made.
 * Bad input → incident; a database or disk failure → retry with back-off.
 */
export function reportWorker({ reports, reportsDir, clock }: ReportDependencies): JobWorkerConfig<ReportVariables> {
  const handler = async (job: Job<ReportVariables>): Promise<JobOutcome> => {
    const parsed = inputs.safeParse(job.variables);
    if (!parsed.success) return invalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
    try {
      const earlier = await reports.forJob(job.key);
      if (earlier && (await exists(reportFile(reportsDir, earlier.id)))) return done.complete(output(earlier));

      const { documentId: given, ...findings } = parsed.data;
      const documentId = given ?? (await reports.documentOfProcess(job.processInstanceKey));
      if (!documentId) throw new Invalid('documentId: required (no document is linked to this process instance)');
      const records = await reports.records(documentId);
      if (!records) throw new Invalid(`documentId: no document '${documentId}'`);

      const now = clock.now();
      const blocks = assembleReport(records, findings, now);
      const html = renderHtml(blocks);
      const id = earlier?.id ?? reportIdOf(job.key);
      // the file first, then the row: a row always has its file, and a retry rewrites the same file
      await writeAtomically(reportFile(reportsDir, id), await renderDocx(blocks));
      const row = earlier ?? (await reports.insertOnce({ id, documentId, jobKey: job.key, html, contentHash: sha256(html), createdAt: now }));
      return done.complete(output(row));
    } catch (error) {
      if (error instanceof Invalid) return invalid(error.message);
      return done.fail(`report: ${failure(error)}`, { retries: Math.max(0, job.retries - 1), retryBackOff: retryBackOff(job.retries) });
    }
  };
  return { taskType: REPORT_TASK_TYPE, handler, fetchVariable: [...REPORT_INPUTS], worker: 'report' };
}

function output(row: ResearchReportRow) {
  return { researchReport: row.id, researchReportHash: row.contentHash };
}

/** The report id of a job: a UUID derived from the job key, so a retry writes the same file. */
function reportIdOf(jobKey: string): string {
  const b = crypto.createHash('sha256').update(`research-report:${jobKey}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80; // UUID version 8 (name-based, custom hash)
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Writes a temporary file and renames it, so that a reader never sees half a report. */
async function writeAtomically(file: string, content: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, content);
  await fs.rename(temporary, file);
}

const invalid = (problems: string) => done.fail(`invalid report input: ${problems}`, { retries: 0 });

/** What went wrong, in the driver's words when a query failed (not the SQL text). */
const failure = (error: unknown) => ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
