import { eq } from 'drizzle-orm';
import { EngineRejection, type Engine, type Variables } from '../engine/port';
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
export async function recordFromTask(
  ctx: ApiContext,
  task: CompletedTask,
  variables: Record<string, unknown>,
  principal: Principal,
): Promise<void> {
  const recorder = hasRecorder(task) ? RECORDERS[task.formId!]! : undefined;
  if (!recorder) return;
  const db = ctx.database.db;
  const created = task.variables ?? (await createdVariables(db, task.id));
  await db.transaction(async (tx) => {
    await recorder({
      db: tx,
      audit: ctx.audit,
      logger: ctx.logger,
      now: ctx.clock.now(),
      principal,
      task: { id: task.id, elementId: task.elementId, formId: task.formId, bpmnProcessId: task.bpmnProcessId, processInstanceKey: task.processInstanceKey, documentId: task.documentId },
      created,
      submitted: variables,
      context: { ...created, ...variables },
    });
  });
}

/** True when the task's form makes records. */
export function hasRecorder(task: Pick<CompletedTask, 'formId'>): boolean {
  return task.formId !== null && Object.hasOwn(RECORDERS, task.formId);
}

/**
 * Records what the person submitted, then completes the engine's job with `jobVariables`. The
 * records are committed before the job is completed, because the steps after it may read them at
 * once (the report worker reads the dispositions): holding the records' transaction open while the
 * engine completes would let a worker see the next job before the records. They must also not be
 * written for a job that ended meanwhile (a cancel, an interrupting timer): on the embedded engine
 * the job is checked first — once the engine's queued commands are committed, its element must
 * still be active. Only a command landing in the milliseconds between the check and the completion
 * (or, on Zeebe, any refusal: the broker answers only when completing) can still leave records; it
 * is logged as an error with the task for an operator. (Compensating is not generic: recorders
 * also update campaigns, projects and minutes.)
 */
export async function recordAndComplete(ctx: ApiContext, task: CompletedTask, submitted: Record<string, unknown>, principal: Principal, jobVariables: Variables): Promise<void> {
  const complete = () => ctx.engine.completeJob(task.id, jobVariables);
  if (!hasRecorder(task)) return complete();
  await assertJobActive(ctx, task);
  await recordFromTask(ctx, task, submitted, principal);
  try {
    await complete();
  } catch (error) {
    ctx.logger.error({ err: error, taskId: task.id, formId: task.formId, processInstanceKey: task.processInstanceKey }, 'the engine refused a task completion after its records were written');
    throw error;
  }
}

/** What the check needs of the embedded engine (the Zeebe adapter answers only when completing). */
type InspectableEngine = Engine & {
  idle?: () => Promise<void>;
  getProcessInstance?: (key: string) => Promise<{ state: string; elementInstances: { elementId: string; state: string }[] } | undefined>;
};

/** Embedded engine: NOT_FOUND unless the task's element is active once every queued command committed. */
async function assertJobActive(ctx: ApiContext, task: CompletedTask): Promise<void> {
  const engine = ctx.engine as InspectableEngine;
  if (ctx.engineKind !== 'embedded' || !engine.idle || !engine.getProcessInstance) return;
  await engine.idle();
  const instance = await engine.getProcessInstance(task.processInstanceKey);
  const active = instance?.state === 'ACTIVE' && instance.elementInstances.some((e) => e.elementId === task.elementId && e.state === 'ACTIVE');
  if (!active) throw new EngineRejection('NOT_FOUND', `Expected to complete job with key '${task.id}', but its element ${task.elementId} is no longer active`);
}
