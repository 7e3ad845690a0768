import { Conflict, Invalid } from '../domain/errors';
import { MeetingRepository, type MeetingRow } from '../store/meeting.repository';
import { documentIdOf, field, names, stringValue, taskRecordId, timeValue, type Recorder, type TaskRecording } from './documents.recording';
import { checkMeeting, EXPERT_ROLE } from './meetings.service';

/** Chinese labels of the expert-opinion form's conclusions. */
const CONCLUSIONS: Record<string, string> = { approve: '同意', approveWithChanges: '修改后同意', reject: '不同意' };

function subjectOf(recording: TaskRecording, kind: string): string {
  const title = stringValue(recording.context.documentTitle);
  return title ? `《${title}》${kind}` : kind;
}

/** Inserts the meeting a task describes (once per task) after checking the meeting rules. */
async function insertMeeting(recording: TaskRecording, documentId: string, meeting: Omit<MeetingRow, 'id' | 'documentId' | 'processInstanceKey' | 'createdBy' | 'createdAt'>): Promise<void> {
  const row: MeetingRow = {
    ...meeting,
    id: taskRecordId('meeting', recording.task.id),
    documentId,
    processInstanceKey: recording.task.processInstanceKey,
    createdBy: recording.principal.id,
    createdAt: recording.now,
  };
  checkMeeting(row, recording.now);
  const inserted = await new MeetingRepository(recording.db).insert(row);
  if (inserted) await recording.audit.record({ actor: recording.principal.id, action: 'meeting.create', resource: 'meeting', resourceId: row.id, after: inserted }, recording.db);
}

/** symposium form → a symposium (座谈会) with its participants, minutes and how the views were taken up. */
export const recordSymposium: Recorder = async (recording) => {
  const documentId = documentIdOf(recording);
  if (!documentId) return;
  const values = recording.submitted;
  const adoption = stringValue(values.symposiumAdoption);
  await insertMeeting(recording, documentId, {
    kind: 'symposium',
    subject: subjectOf(recording, '座谈会'),
    place: stringValue(values.symposiumPlace) ?? '',
    heldAt: timeValue(values.symposiumAt) ?? recording.now,
    announcedAt: null,
    chair: null,
    participants: names(stringValue(values.symposiumParticipants)).map((name) => ({ name })),
    minutes: [stringValue(values.symposiumMinutes) ?? '', adoption ? `意见建议的研究和吸纳情况：\n${adoption}` : ''].filter(Boolean).join('\n\n'),
  });
};

/** expert-review-meeting form → an expert review (论证会); each expert named becomes an invited participant. */
export const recordExpertReview: Recorder = async (recording) => {
  const documentId = documentIdOf(recording);
  if (!documentId) return;
  const values = recording.submitted;
  const experts = Array.isArray(values.experts) ? values.experts.map(stringValue).filter((name): name is string => name !== undefined) : names(stringValue(values.experts));
  const body = stringValue(values.professionalBody);
  await insertMeeting(recording, documentId, {
    kind: 'expert-review',
    subject: stringValue(values.expertReviewSubject) ?? subjectOf(recording, '论证会'),
    place: '',
    heldAt: timeValue(values.expertReviewAt) ?? recording.now,
    announcedAt: null,
    chair: null,
    participants: [...experts.map((name) => ({ name, role: EXPERT_ROLE })), ...(body ? [{ name: body, role: 'professional-body' }] : [])],
    minutes: stringValue(values.expertReviewMinutes) ?? '',
  });
};

/** hearing-notice form → a hearing (听证会) announced now for its time, place, subject and chair. */
export const recordHearingNotice: Recorder = async (recording) => {
  const documentId = documentIdOf(recording);
  if (!documentId) return;
  const values = recording.submitted;
  const heldAt = timeValue(values.hearingAt);
  if (heldAt === undefined) throw new Invalid('the hearing needs its time', [{ field: 'hearingAt', message: 'required' }], 'FORM_INVALID');
  await insertMeeting(recording, documentId, {
    kind: 'hearing',
    subject: stringValue(values.hearingSubject) ?? subjectOf(recording, '听证会'),
    place: stringValue(values.hearingPlace) ?? '',
    heldAt,
    announcedAt: recording.now,
    chair: stringValue(values.hearingChair) ?? null,
    participants: [],
    minutes: '',
  });
};

/** hearing form → the minutes of the announced hearing (with the notice and how participants were chosen). */
export const recordHearing: Recorder = async (recording) => {
  const documentId = documentIdOf(recording);
  if (!documentId) return;
  const repository = new MeetingRepository(recording.db);
  const before = await repository.latest(documentId, 'hearing', recording.task.processInstanceKey);
  if (!before) throw new Conflict('no announced hearing to record: announce it first (hearing-notice)', 'HEARING_NOT_ANNOUNCED');
  const { context, submitted } = recording;
  const minutes = [
    stringValue(context.hearingNoticeUrl) ? `听证公告：${stringValue(context.hearingNoticeUrl)}` : '',
    stringValue(context.hearingParticipantSelection) ? `听证参加人遴选：\n${stringValue(context.hearingParticipantSelection)}` : '',
    `听证记录：\n${stringValue(submitted.hearingRecord) ?? ''}`,
    stringValue(submitted.hearingMainViews) ? `主要观点：\n${stringValue(submitted.hearingMainViews)}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  if (before.minutes === minutes) return;
  checkMeeting({ ...before, minutes }, recording.now);
  const after = await repository.update(before.id, { minutes });
  await recording.audit.record({ actor: recording.principal.id, action: 'meeting.update', resource: 'meeting', resourceId: before.id, before, after }, recording.db);
};

/** expert-opinion form → the expert's written opinion, one per task (a retried completion writes nothing new). */
export const recordExpertOpinion: Recorder = async (recording) => {
  const documentId = documentIdOf(recording);
  if (!documentId) return;
  const opinion = stringValue(field(recording.submitted, 'expertOpinion.opinion'));
  if (!opinion) throw new Invalid('the written opinion is required', [{ field: 'expertOpinion.opinion', message: 'required' }], 'FORM_INVALID');
  const conclusion = stringValue(field(recording.submitted, 'expertOpinion.conclusion'));
  const repository = new MeetingRepository(recording.db);
  const meeting = await repository.latest(documentId, 'expert-review', recording.task.processInstanceKey);
  const row = {
    id: taskRecordId('expert-opinion', recording.task.id),
    documentId,
    meetingId: meeting?.id ?? null,
    expertName: stringValue(recording.context.expertName) ?? stringValue(recording.context.expert) ?? recording.principal.name,
    expertUserId: recording.principal.id,
    affiliation: stringValue(recording.context.expertAffiliation) ?? null,
    opinion: conclusion ? `【${CONCLUSIONS[conclusion] ?? conclusion}】${opinion}` : opinion,
    taskId: recording.task.id,
    submittedAt: recording.now,
  };
  const inserted = await repository.insertOpinion(row);
  if (inserted) await recording.audit.record({ actor: recording.principal.id, action: 'expert-opinion.create', resource: 'expert-opinion', resourceId: row.id, after: inserted }, recording.db);
};
