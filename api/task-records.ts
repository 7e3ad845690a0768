import { eq } from 'drizzle-orm';
import type { ApiContext } from './context';
import type { Principal } from '../domain/principal';
import type { Db } from '../store/database';
import { tasks } from '../store/schema';
import { recordCleanupPlan, recordCleanupProposal, recordCleanupReport, recordExecutiveMeeting, recordLegalReview } from './cleanups.recorders';
import { recordCommentDisposal } from './consultations.recorders';
import type { Recorder } from './documents.recording';
import {
  recordAcceptance,
  recordContract,
  recordEvaluationProject,
  recordPayment,
  recordPlan,
  recordPlanReview,
  recordProcurement,
  recordProjectApproval,
  recordReport,
  recordResultUse,
  recordSelection,
} from './evaluations.recorders';
import { recordExpertOpinion, recordExpertReview, recordHearing, recordHearingNotice, recordSymposium } from './meetings.recorders';

/** A completed inbox task as the records see it. */
export interface CompletedTask {
  id: string;
  elementId: string;
  formId: string | null;
  bpmnProcessId: string;
  processInstanceKey: string;
  documentId: string | null;
  /** The task's variables when it was created (tasks.variables); read from the inbox row when not given. */
  variables?: Record<string, unknown>;
}

/** Which form's submission makes which records. Forms not listed record nothing. */
export const RECORDERS: Readonly<Record<string, Recorder>> = {
  // regime 1: research and deliberation
  symposium: recordSymposium,
  'expert-review-meeting': recordExpertReview,
  'expert-opinion': recordExpertOpinion,
  'hearing-notice': recordHearingNotice,
  hearing: recordHearing,
  'comment-disposal': recordCommentDisposal,
  // regime 3: third-party evaluation
  'evaluation-project': recordEvaluationProject,
  'evaluation-project-approval': recordProjectApproval,
  'evaluation-procurement': recordProcurement,
  'evaluation-selection': recordSelection,
  'evaluation-contract': recordContract,
  'evaluation-plan': recordPlan,
  'evaluation-plan-review': recordPlanReview,
  'evaluation-report': recordReport,
  'evaluation-acceptance': recordAcceptance,
  'evaluation-payment': recordPayment,
  'evaluation-result-use': recordResultUse,
  // regime 4: cleanup and exit
  'cleanup-work-plan': recordCleanupPlan,
  'cleanup-proposal': recordCleanupProposal,
  'cleanup-legal-review': recordLegalReview,
  'cleanup-report': recordCleanupReport,
  'cleanup-executive-meeting': recordExecutiveMeeting,
};

/** The variables the inbox stored when it created the task (empty when the task is unknown). */
async function createdVariables(db: Db, taskId: string): Promise<Record<string, unknown>> {
  const [row] = await db.select({ variables: tasks.variables }).from(tasks).where(eq(tasks.id, taskId));
  return row?.variables ?? {};
}

/**
 * Turns what a person submitted in a task's form into the regime's records (meetings, expert
 * opinions, comment dispositions, cleanup classifications, evaluation steps) in one transaction,
 * audited as the person. Called by the inbox after the form was validated and before the job is
 * completed; throws a domain error to refuse (e.g. 422 REASON_REQUIRED for a rejection without a
 * reason, AMENDMENT_OPINION_REQUIRED, HEARING_NOT_ANNOUNCED). Recording is idempotent per task,
 * so a retried completion writes nothing twice.
 */
export async function recordFromTask(ctx: ApiContext, task: CompletedTask, variables: Record<string, unknown>, principal: Principal): Promise<void> {
  const recorder = task.formId ? RECORDERS[task.formId] : undefined;
  if (!recorder) return;
  const db = ctx.database.db;
  const created = task.variables ?? (await createdVariables(db, task.id));
  await db.transaction((tx) =>
    recorder({
      db: tx,
      audit: ctx.audit,
      logger: ctx.logger,
      now: ctx.clock.now(),
      principal,
      task: { id: task.id, elementId: task.elementId, formId: task.formId, bpmnProcessId: task.bpmnProcessId, processInstanceKey: task.processInstanceKey, documentId: task.documentId },
      created,
      submitted: variables,
      context: { ...created, ...variables },
    }),
  );
}
