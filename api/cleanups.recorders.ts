import { DateTime } from 'luxon';
import { CHINA_ZONE } from '../calendar/working-days';
import { Invalid } from '../domain/errors';
import { CleanupRepository, type Classification, type CleanupCampaignRow, type CleanupItemRow } from '../store/cleanup.repository';
import { documentIdOf, stringValue, type Recorder, type TaskRecording } from './documents.recording';
import { requireAmendmentOpinion } from './cleanups.service';

/** The cleanup-proposal form's classes in the records' terms. */
const CLASSES: Record<string, Classification> = { abolish: 'abolish', declareInvalid: 'invalidate', amend: 'amend', remainsValid: 'keep' };

function audit(recording: TaskRecording, action: string, resource: string, resourceId: string, before: unknown, after: unknown) {
  return recording.audit.record({ actor: recording.principal.id, action, resource, resourceId, before, after }, recording.db);
}

/**
 * The campaign a task belongs to, made when first seen: an ad-hoc campaign was started with its
 * `campaignId`; the yearly one (started by the 1 December timer without one) gets the id the
 * General Office typed into the work plan.
 */
async function campaignOf(recording: TaskRecording): Promise<CleanupCampaignRow | undefined> {
  const id = stringValue(recording.context.campaignId);
  if (!id) return undefined;
  const repository = new CleanupRepository(recording.db);
  const existing = await repository.campaign(id);
  if (existing) return existing;
  const startedWithId = stringValue(recording.created.campaignId) !== undefined;
  const year = DateTime.fromMillis(recording.now, { zone: CHINA_ZONE }).year;
  const yearly = !startedWithId && (await repository.yearly(year)) === undefined;
  const campaign = await repository.insertCampaign({
    id,
    kind: yearly ? 'yearly' : 'ad-hoc',
    year: yearly ? year : null,
    title: yearly ? `${year}年度规范性、政策性文件集中清理` : `规范性、政策性文件清理（${id}）`,
    status: 'running',
    report: null,
    approvedAt: null,
    cataloguePublishedAt: null,
    processInstanceKey: recording.task.processInstanceKey,
    createdBy: recording.principal.id,
    createdAt: recording.now,
  });
  if (!campaign) return repository.campaign(id);
  await audit(recording, 'cleanup.campaign.create', 'cleanup-campaign', id, null, campaign);
  return campaign;
}

function emptyItem(campaignId: string, documentId: string, department: string): CleanupItemRow {
  return { campaignId, documentId, department, classification: null, reasons: null, basis: null, amendmentOpinion: null, classifiedBy: null, classifiedAt: null, legalDecision: null, legalOpinion: null, reviewedAt: null };
}

/** cleanup-work-plan form → the campaign and its catalogue: one item per listed document for its department. */
export const recordCleanupPlan: Recorder = async (recording) => {
  const campaign = await campaignOf(recording);
  if (!campaign) return;
  const documents = Array.isArray(recording.submitted.documents) ? recording.submitted.documents : [];
  const repository = new CleanupRepository(recording.db);
  for (const raw of documents) {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const documentId = stringValue(entry.documentId);
    const department = stringValue(entry.department);
    if (!documentId || !department) continue;
    const item = await repository.insertItem(emptyItem(campaign.id, documentId, department));
    if (item) await audit(recording, 'cleanup.item.create', 'cleanup-item', `${campaign.id}/${documentId}`, null, item);
  }
};

/** cleanup-proposal form → the department's class with reasons and basis ("amend" without an opinion is refused, 422). */
export const recordCleanupProposal: Recorder = async (recording) => {
  const values = recording.submitted;
  const classification = CLASSES[String(values.classification)];
  if (!classification) throw new Invalid('unknown cleanup class', [{ field: 'classification', message: 'abolish, declareInvalid, amend or remainsValid' }], 'FORM_INVALID');
  requireAmendmentOpinion(classification, stringValue(values.amendmentOpinion));
  const campaign = await campaignOf(recording);
  const documentId = documentIdOf(recording);
  if (!campaign || !documentId) return;
  const repository = new CleanupRepository(recording.db);
  const document = recording.context.document as { department?: unknown } | undefined;
  const department = stringValue(document?.department) ?? recording.principal.departmentId ?? 'unknown';
  const before = (await repository.item(campaign.id, documentId)) ?? (await repository.insertItem(emptyItem(campaign.id, documentId, department)))!;
  const after = await repository.updateItem(campaign.id, documentId, {
    classification,
    reasons: stringValue(values.reasons) ?? null,
    basis: stringValue(values.basis) ?? null,
    amendmentOpinion: classification === 'amend' ? stringValue(values.amendmentOpinion)! : null,
    classifiedBy: recording.principal.id,
    classifiedAt: recording.now,
    legalDecision: null,
    legalOpinion: null,
    reviewedAt: null,
  });
  await audit(recording, 'cleanup.item.classify', 'cleanup-item', `${campaign.id}/${documentId}`, before, after);
};

/** cleanup-legal-review form → the Legal Affairs Office's decision and written opinion on the proposal. */
export const recordLegalReview: Recorder = async (recording) => {
  const decision = recording.submitted.reviewResult;
  if (decision !== 'agree' && decision !== 'disagree') throw new Invalid('the review agrees or disagrees', [{ field: 'reviewResult', message: 'agree or disagree' }], 'FORM_INVALID');
  const campaignId = stringValue(recording.context.campaignId);
  const documentId = documentIdOf(recording);
  if (!campaignId || !documentId) return;
  const repository = new CleanupRepository(recording.db);
  const before = await repository.item(campaignId, documentId);
  if (!before) return;
  const after = await repository.updateItem(campaignId, documentId, { legalDecision: decision, legalOpinion: stringValue(recording.submitted.reviewOpinion) ?? null, reviewedAt: recording.now });
  await audit(recording, 'cleanup.item.review', 'cleanup-item', `${campaignId}/${documentId}`, before, after);
};

/** cleanup-report form → the campaign's cleanup report (清理情况报告). */
export const recordCleanupReport: Recorder = async (recording) => {
  const campaign = await campaignOf(recording);
  const report = stringValue(recording.submitted.cleanupReport);
  if (!campaign || !report || campaign.report === report) return;
  const after = await new CleanupRepository(recording.db).updateCampaign(campaign.id, { report });
  await audit(recording, 'cleanup.campaign.report', 'cleanup-campaign', campaign.id, campaign, after);
};

/** cleanup-executive-meeting form → the campaign approved by the executive meeting (常务会议). */
export const recordExecutiveMeeting: Recorder = async (recording) => {
  if (recording.submitted.meetingDecision !== 'approved') return;
  const campaign = await campaignOf(recording);
  if (!campaign || campaign.status !== 'running') return;
  const after = await new CleanupRepository(recording.db).updateCampaign(campaign.id, { status: 'approved', approvedAt: recording.now });
  await audit(recording, 'cleanup.campaign.approve', 'cleanup-campaign', campaign.id, campaign, after);
};
