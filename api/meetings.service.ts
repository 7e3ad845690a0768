import crypto from 'node:crypto';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import type { Clock } from '../engine/clock';
import type { AuditRepository } from '../store/audit.repository';
import type { Db } from '../store/database';
import type { DocumentRow } from '../store/document.repository';
import { MeetingRepository, type ExpertOpinionRow, type MeetingKind, type MeetingRow } from '../store/meeting.repository';
import { requireManager, visibleDocument } from './documents.access';

export type Participant = MeetingRow['participants'][number];

/** Role of a participant invited as an expert to an expert review (each owes a written opinion). */
export const EXPERT_ROLE = 'expert';

export interface NewMeeting {
  kind: MeetingKind;
  subject: string;
  place: string;
  heldAt: number;
  /** Hearings: when time, place and subject were announced; defaults to now. */
  announcedAt?: number;
  chair?: string;
  participants: Participant[];
  minutes?: string;
  processInstanceKey?: string;
}

export type MeetingPatch = Partial<Pick<MeetingRow, 'subject' | 'place' | 'heldAt' | 'chair' | 'participants' | 'minutes'>>;

/**
 * The rules every meeting record keeps, whether typed in or recorded from a task: a hearing is
 * announced (time, place, subject) before it is held and has a chair; minutes are kept of a
 * meeting once it was held.
 */
export function checkMeeting(meeting: Pick<MeetingRow, 'kind' | 'heldAt' | 'announcedAt' | 'chair' | 'minutes'>, now: number): void {
  if (meeting.kind === 'hearing') {
    if (meeting.announcedAt === null || meeting.announcedAt >= meeting.heldAt) {
      throw new Invalid('a hearing is announced before it is held', [{ field: 'announcedAt', message: 'must be before heldAt' }], 'HEARING_NOT_ANNOUNCED');
    }
    if (!meeting.chair?.trim()) throw new Invalid('a hearing is chaired by a body the department names', [{ field: 'chair', message: 'required for a hearing' }], 'CHAIR_REQUIRED');
  }
  if (meeting.minutes.trim() && meeting.heldAt > now) throw new Conflict('minutes are kept once the meeting was held', 'MEETING_NOT_HELD');
}

/** Symposia (座谈会), expert reviews (论证会) and hearings (听证会) with participants and minutes; experts' written opinions. */
export class MeetingService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Drafting department, General Office or admin record a meeting of a document. */
  async create(principal: Principal, documentId: string, input: NewMeeting): Promise<MeetingRow> {
    const document = await this.manageable(principal, documentId);
    const now = this.clock.now();
    const row: MeetingRow = {
      id: crypto.randomUUID(),
      documentId: document.id,
      kind: input.kind,
      subject: input.subject,
      place: input.place,
      heldAt: input.heldAt,
      announcedAt: input.kind === 'hearing' ? (input.announcedAt ?? now) : (input.announcedAt ?? null),
      chair: input.chair ?? null,
      participants: input.participants,
      minutes: input.minutes ?? '',
      processInstanceKey: input.processInstanceKey ?? null,
      createdBy: principal.id,
      createdAt: now,
    };
    checkMeeting(row, now);
    return this.db.transaction(async (tx) => {
      const meeting = (await new MeetingRepository(tx).insert(row))!;
      await this.audit.record({ actor: principal.id, action: 'meeting.create', resource: 'meeting', resourceId: meeting.id, after: meeting }, tx);
      return meeting;
    });
  }

  async forDocument(principal: Principal, documentId: string, kind?: MeetingKind): Promise<MeetingRow[]> {
    await visibleDocument(this.db, principal, documentId);
    return new MeetingRepository(this.db).forDocument(documentId, kind);
  }

  /** A meeting with the experts' opinions (expert reviews). */
  async get(principal: Principal, id: string): Promise<MeetingRow & { opinions: ExpertOpinionRow[] }> {
    const meeting = await this.visible(principal, id);
    return { ...meeting, opinions: await new MeetingRepository(this.db).opinions({ meetingId: id }) };
  }

  /** Corrects a meeting or adds its minutes and participants after it was held. */
  async update(principal: Principal, id: string, patch: MeetingPatch): Promise<MeetingRow> {
    const before = await this.visible(principal, id);
    await this.manageable(principal, before.documentId);
    checkMeeting({ ...before, ...patch }, this.clock.now());
    return this.db.transaction(async (tx) => {
      const after = await new MeetingRepository(tx).update(id, patch);
      await this.audit.record({ actor: principal.id, action: 'meeting.update', resource: 'meeting', resourceId: id, before, after }, tx);
      return after;
    });
  }

  /**
   * Records an invited expert's written opinion on an expert review: one per expert; when the
   * meeting lists participants with role `expert`, only they give opinions.
   */
  async addOpinion(principal: Principal, meetingId: string, input: { expertName: string; affiliation?: string; opinion: string; expertUserId?: string }): Promise<ExpertOpinionRow> {
    const meeting = await this.visible(principal, meetingId);
    await this.manageable(principal, meeting.documentId);
    if (meeting.kind !== 'expert-review') throw new Conflict('written expert opinions belong to an expert review', 'NOT_AN_EXPERT_REVIEW');
    const invited = meeting.participants.filter((participant) => participant.role === EXPERT_ROLE).map((participant) => participant.name);
    if (invited.length > 0 && !invited.includes(input.expertName)) {
      throw new Invalid(`${input.expertName} was not invited to this review`, [{ field: 'expertName', message: `one of: ${invited.join(', ')}` }], 'NOT_INVITED');
    }
    const repository = new MeetingRepository(this.db);
    if ((await repository.opinions({ meetingId })).some((opinion) => opinion.expertName === input.expertName)) {
      throw new Conflict(`${input.expertName} already gave a written opinion`, 'OPINION_EXISTS');
    }
    return this.db.transaction(async (tx) => {
      const opinion = (await new MeetingRepository(tx).insertOpinion({
        id: crypto.randomUUID(),
        documentId: meeting.documentId,
        meetingId,
        expertName: input.expertName,
        expertUserId: input.expertUserId ?? null,
        affiliation: input.affiliation ?? null,
        opinion: input.opinion,
        taskId: null,
        submittedAt: this.clock.now(),
      }))!;
      await this.audit.record({ actor: principal.id, action: 'expert-opinion.create', resource: 'expert-opinion', resourceId: opinion.id, after: opinion }, tx);
      return opinion;
    });
  }

  /** Every written opinion on a document (from meetings and from expert-opinion tasks). */
  async opinionsOf(principal: Principal, documentId: string): Promise<ExpertOpinionRow[]> {
    await visibleDocument(this.db, principal, documentId);
    return new MeetingRepository(this.db).opinions({ documentId });
  }

  private async visible(principal: Principal, id: string): Promise<MeetingRow> {
    const meeting = await new MeetingRepository(this.db).get(id);
    if (!meeting) throw new NotFound(`meeting ${id} not found`);
    await visibleDocument(this.db, principal, meeting.documentId);
    return meeting;
  }

  private async manageable(principal: Principal, documentId: string): Promise<DocumentRow> {
    const document = await visibleDocument(this.db, principal, documentId);
    requireManager(principal, document);
    if (document.status === 'abolished' || document.status === 'invalid') throw new Conflict(`document ${documentId} is ${document.status}`, 'DOCUMENT_FINAL');
    return document;
  }
}
