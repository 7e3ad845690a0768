import crypto from 'node:crypto';
import { EvaluationRepository, type EvaluationProjectRow } from '../store/evaluation.repository';
import { documentIdOf, numberValue, stringValue, timeValue, type Recorder, type TaskRecording } from './documents.recording';
import { PROCUREMENT_METHODS, RECOMMENDATIONS } from './evaluations.service';

type Patch = Partial<Omit<EvaluationProjectRow, 'id'>>;

/**
 * Mirrors a step of the third-party-evaluation process onto the project of the process instance
 * (made by the evaluation-project form). The diagram decides the order; these recorders only
 * keep the record, so they do not enforce transitions. No project for the instance → nothing.
 */
async function updateProject(recording: TaskRecording, action: string, patch: (project: EvaluationProjectRow) => Patch | undefined): Promise<void> {
  const repository = new EvaluationRepository(recording.db);
  const before = await repository.forProcessInstance(recording.task.processInstanceKey);
  if (!before) return;
  const change = patch(before);
  if (!change || Object.entries(change).every(([key, value]) => before[key as keyof EvaluationProjectRow] === value)) return;
  const after = await repository.update(before.id, change);
  await recording.audit.record({ actor: recording.principal.id, action, resource: 'evaluation-project', resourceId: before.id, before, after }, recording.db);
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.includes(value as T) ? (value as T) : undefined;
}

/** evaluation-project form → the project of this instance (made once, revised when the form is filled in again). */
export const recordEvaluationProject: Recorder = async (recording) => {
  const documentId = documentIdOf(recording);
  const values = recording.submitted;
  const subject = stringValue(values.evaluationObject);
  const scope = stringValue(values.evaluationScope);
  const responsibleDept = stringValue(values.draftingDept) ?? stringValue(recording.context.draftingDept);
  if (!documentId || !subject || !scope || !responsibleDept) return;
  const repository = new EvaluationRepository(recording.db);
  if (await repository.forProcessInstance(recording.task.processInstanceKey)) {
    await updateProject(recording, 'evaluation.revise', () => ({ subject, scope, responsibleDept, status: 'proposed' }));
    return;
  }
  const project = await repository.insert({
    id: crypto.randomUUID(),
    documentId,
    subject,
    scope,
    responsibleDept,
    status: 'proposed',
    processInstanceKey: recording.task.processInstanceKey,
    createdBy: recording.principal.id,
    createdAt: recording.now,
  });
  await recording.audit.record({ actor: recording.principal.id, action: 'evaluation.create', resource: 'evaluation-project', resourceId: project.id, after: project }, recording.db);
};

export const recordProjectApproval: Recorder = (recording) =>
  updateProject(recording, 'evaluation.approve', () => {
    const decision = recording.submitted.projectDecision;
    return decision === 'approved' || decision === 'rejected' ? { status: decision } : undefined;
  });

export const recordProcurement: Recorder = (recording) =>
  updateProject(recording, 'evaluation.procurement', () => {
    const procurementMethod = oneOf(PROCUREMENT_METHODS, recording.submitted.procurementMethod);
    return procurementMethod ? { procurementMethod } : undefined;
  });

export const recordSelection: Recorder = (recording) =>
  updateProject(recording, 'evaluation.selection', () => {
    const evaluatorId = stringValue(recording.submitted.evaluatorId);
    return evaluatorId ? { evaluatorId } : undefined;
  });

export const recordContract: Recorder = (recording) =>
  updateProject(recording, 'evaluation.contract', () => {
    const values = recording.submitted;
    const fee = numberValue(values.contractAmount);
    return {
      status: 'contracted',
      contractNumber: stringValue(values.contractNo) ?? null,
      fee: fee === undefined ? null : Math.round(fee),
      contractSignedAt: timeValue(values.contractSignedOn) ?? recording.now,
      reportDueAt: timeValue(values.reportDueDay) ?? null,
    };
  });

export const recordPlan: Recorder = (recording) =>
  updateProject(recording, 'evaluation.plan', () => {
    const values = recording.submitted;
    const methods = Array.isArray(values.researchMethods) ? values.researchMethods.join('、') : stringValue(values.researchMethods);
    const plan = [
      `评估步骤：\n${stringValue(values.evaluationSteps) ?? ''}`,
      `评估标准：\n${stringValue(values.evaluationStandards) ?? ''}`,
      `指标体系：\n${stringValue(values.indicatorSystem) ?? ''}`,
      methods ? `评估方法：${methods}` : '',
    ]
      .filter(Boolean)
      .join('\n\n');
    return { plan, planApprovedAt: null };
  });

export const recordPlanReview: Recorder = (recording) =>
  updateProject(recording, 'evaluation.plan-review', () => (recording.submitted.planApproved === true ? { status: 'plan-approved', planApprovedAt: recording.now } : undefined));

export const recordReport: Recorder = (recording) =>
  updateProject(recording, 'evaluation.report', () => {
    const values = recording.submitted;
    const report = [stringValue(values.reportDocument), stringValue(values.reportSummary), stringValue(values.reportSigner) ? `报告签署人：${stringValue(values.reportSigner)}` : undefined]
      .filter(Boolean)
      .join('\n\n');
    const recommendation = oneOf(RECOMMENDATIONS, values.evaluatorRecommendation);
    return { status: 'reported', report, reportSubmittedAt: recording.now, ...(recommendation ? { recommendation } : {}) };
  });

export const recordAcceptance: Recorder = (recording) =>
  updateProject(recording, 'evaluation.accept', () => (recording.submitted.resultsAccepted === true ? { status: 'accepted', acceptedAt: recording.now } : { status: 'plan-approved' }));

export const recordPayment: Recorder = (recording) =>
  updateProject(recording, 'evaluation.pay', () => ({ status: 'paid', paidAt: timeValue(recording.submitted.paidOn) ?? recording.now }));

export const recordResultUse: Recorder = (recording) =>
  updateProject(recording, 'evaluation.recommendation', () => {
    const recommendation = oneOf(RECOMMENDATIONS, recording.submitted.resultUse);
    return recommendation ? { recommendation } : undefined;
  });
