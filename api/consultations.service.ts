import crypto from 'node:crypto';
import type { WorkingDayCalendar } from '../calendar/working-days';
import { toZoneDate } from '../calendar/working-days';
import type { Contact, ContactCipher } from '../domain/contact-cipher';
import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import type { Clock } from '../engine/clock';
import type { AuditRepository } from '../store/audit.repository';
import { ConsultationRepository, type CommentRow, type ConsultationRow, type Disposition } from '../store/consultation.repository';
import type { Db } from '../store/database';
import { DocumentRepository } from '../store/document.repository';
import { isDrafterOf, isStaff, requireManager, visibleDocument } from './documents.access';

/** Public comment lasts at least 15 calendar days (日), at least 7 when time is pressing (regimes.md, regime 1 step 5). */
export const MIN_DAYS = 15;
export const URGENT_MIN_DAYS = 7;

export type ConsultationState = 'scheduled' | 'open' | 'closed';

/** Whether a round is still to come, open for comments, or over at `now`. */
export function consultationState(consultation: Pick<ConsultationRow, 'opensAt' | 'closesAt'>, now: number): ConsultationState {
  if (now < consultation.opensAt) return 'scheduled';
  return now < consultation.closesAt ? 'open' : 'closed';
}

/** Refuses a comment on a round that is not open (409 CONSULTATION_CLOSED after it closed). */
export function requireOpen(consultation: ConsultationRow, now: number): void {
  const state = consultationState(consultation, now);
  if (state === 'closed') throw new Conflict('the consultation is closed', 'CONSULTATION_CLOSED');
  if (state === 'scheduled') throw new Conflict('the consultation has not opened yet', 'CONSULTATION_NOT_OPEN');
}

/** A rejected comment needs a reason (意见不予采纳的应当说明理由): 422 REASON_REQUIRED otherwise. */
export function requireReason(disposition: Disposition, reason: string | null | undefined, field = 'reason'): void {
  if (disposition === 'rejected' && !reason?.trim()) throw new Invalid('a rejected comment needs a reason', [{ field, message: 'required when the comment is rejected' }], 'REASON_REQUIRED');
}

export interface NewConsultation {
  /** Defaults to the current version. */
  version?: number;
  title?: string;
  /** Background, purpose and basis, necessity, feasibility, expected impact on groups. */
  summary: string;
  opensAt?: number;
  closesAt?: number;
  urgent?: boolean;
  processInstanceKey?: string;
}

/** A comment as staff see it; `contact` only for the drafting department. */
export type CommentView = Omit<CommentRow, 'contactCiphertext'> & { hasContact: boolean; contact?: Contact | null };

/** Rounds of public comment on a draft version, the comments that came in, and their dispositions. */
export class ConsultationService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    private readonly calendar: WorkingDayCalendar,
    private readonly contacts: ContactCipher,
  ) {}

  /**
   * Opens the next round on a version: at least 15 calendar days (7 when urgent) between the
   * opening and the closing date (China Standard Time); without `closesAt` the round closes at
   * 18:00 on the last day, moved to the next working day when that is a holiday. One round at a
   * time; a further round (re-consultation after a substantial change) needs a later version.
   */
  async open(principal: Principal, documentId: string, input: NewConsultation): Promise<ConsultationRow> {
    const document = await visibleDocument(this.db, principal, documentId);
    requireManager(principal, document);
    if (!['drafting', 'consultation', 'amending'].includes(document.status)) {
      throw new Conflict(`a ${document.status} document cannot be put out for comment`, 'DOCUMENT_NOT_OPEN_FOR_CONSULTATION');
    }
    if (document.currentVersion === 0) throw new Conflict('the document has no version to consult on yet', 'NO_VERSION');
    const version = input.version ?? document.currentVersion;
    if (version > document.currentVersion) throw new NotFound(`document ${documentId} has no version ${version}`);
    const now = this.clock.now();
    const opensAt = input.opensAt ?? now;
    if (opensAt < now - 5 * 60_000) throw new Invalid('a consultation cannot open in the past', [{ field: 'opensAt', message: 'must not be in the past' }], 'OPENS_IN_PAST');
    const minDays = input.urgent ? URGENT_MIN_DAYS : MIN_DAYS;
    const opensOn = toZoneDate(new Date(opensAt).toISOString());
    const closesAt = input.closesAt ?? Date.parse(this.calendar.dueAt(new Date(opensAt).toISOString(), { days: minDays }));
    if (toZoneDate(new Date(closesAt).toISOString()) < this.calendar.addCalendarDays(opensOn, minDays)) {
      throw new Invalid(`public comment lasts at least ${minDays} days${input.urgent ? ' when urgent' : ''}`, [{ field: 'closesAt', message: `at least ${minDays} calendar days after opensAt` }], 'PERIOD_TOO_SHORT');
    }
    return this.db.transaction(async (tx) => {
      const repository = new ConsultationRepository(tx);
      await repository.lockDocument(documentId);
      const running = await repository.unclosed(documentId, now);
      if (running) throw new Conflict(`round ${running.round} of this document has not closed yet`, 'CONSULTATION_RUNNING');
      const previous = await repository.latest(documentId);
      if (previous && version <= previous.version) {
        throw new Conflict(`round ${previous.round} was on version ${previous.version}; a new round needs the changed draft (a later version)`, 'UNCHANGED_DRAFT');
      }
      const consultation = await repository.insert({
        id: crypto.randomUUID(),
        documentId,
        version,
        round: (previous?.round ?? 0) + 1,
        title: input.title ?? document.title,
        summary: input.summary,
        opensAt,
        closesAt,
        processInstanceKey: input.processInstanceKey ?? null,
        createdAt: now,
      });
      await this.audit.record({ actor: principal.id, action: 'consultation.open', resource: 'consultation', resourceId: consultation.id, after: { ...consultation, urgent: input.urgent ?? false } }, tx);
      if (document.status !== 'consultation') {
        const after = await new DocumentRepository(tx).update(documentId, { status: 'consultation', updatedAt: now });
        await this.audit.record({ actor: principal.id, action: 'document.status', resource: 'document', resourceId: documentId, before: document, after }, tx);
      }
      return consultation;
    });
  }

  /** The rounds of a document with their state and number of comments. */
  async forDocument(principal: Principal, documentId: string) {
    await visibleDocument(this.db, principal, documentId);
    const repository = new ConsultationRepository(this.db);
    const rounds = await repository.forDocument(documentId);
    const counts = await repository.commentCounts(rounds.map((round) => round.id));
    const now = this.clock.now();
    return rounds.map((round) => ({ ...round, state: consultationState(round, now), commentCount: counts.get(round.id) ?? 0 }));
  }

  async get(principal: Principal, id: string) {
    const consultation = await this.visible(principal, id);
    const counts = await new ConsultationRepository(this.db).commentCounts([id]);
    return { ...consultation, state: consultationState(consultation, this.clock.now()), commentCount: counts.get(id) ?? 0 };
  }

  /** Comments in the order they came in; contact data only for the drafting department. */
  async comments(principal: Principal, id: string, filter: { disposition?: Disposition | 'pending'; limit: number; offset: number }): Promise<{ rows: CommentView[]; total: number }> {
    const consultation = await this.visible(principal, id);
    const document = (await new DocumentRepository(this.db).get(consultation.documentId))!;
    const { rows, total } = await new ConsultationRepository(this.db).comments(id, filter);
    const drafter = isDrafterOf(principal, document);
    return { rows: rows.map((row) => this.view(row, drafter)), total };
  }

  /** A comment from a department or office (staff), while the round is open. */
  async submitStaffComment(principal: Principal, id: string, input: { content: string }): Promise<CommentView> {
    if (!isStaff(principal)) throw new Forbidden('only staff comment here; the public uses /api/public/consultations/:id/comments');
    const consultation = await this.visible(principal, id);
    const now = this.clock.now();
    requireOpen(consultation, now);
    return this.db.transaction(async (tx) => {
      const comment = await new ConsultationRepository(tx).insertComment({
        id: crypto.randomUUID(),
        consultationId: id,
        authorName: principal.departmentId ? `${principal.name} (${principal.departmentId})` : principal.name,
        contactCiphertext: null,
        content: input.content,
        submittedAt: now,
      });
      await this.audit.record({ actor: principal.id, action: 'comment.submit', resource: 'comment', resourceId: comment.id, after: this.view(comment, false) }, tx);
      return this.view(comment, false);
    });
  }

  /** The drafting department decides a comment: adopted, partially adopted, or rejected with a reason. */
  async dispose(principal: Principal, commentId: string, input: { disposition: Disposition; reason?: string; category?: string }): Promise<CommentView> {
    const repository = new ConsultationRepository(this.db);
    const before = await repository.comment(commentId);
    if (!before) throw new NotFound(`comment ${commentId} not found`);
    const consultation = await this.visible(principal, before.consultationId);
    const document = (await new DocumentRepository(this.db).get(consultation.documentId))!;
    if (!isDrafterOf(principal, document)) throw new Forbidden('only the drafting department decides on comments');
    requireReason(input.disposition, input.reason);
    return this.db.transaction(async (tx) => {
      const after = await new ConsultationRepository(tx).updateComment(commentId, {
        disposition: input.disposition,
        dispositionReason: input.reason ?? null,
        category: input.category ?? before.category,
        disposedBy: principal.id,
        disposedAt: this.clock.now(),
      });
      await this.audit.record({ actor: principal.id, action: 'comment.dispose', resource: 'comment', resourceId: commentId, before: this.view(before, false), after: this.view(after, false) }, tx);
      return this.view(after, false);
    });
  }

  private async visible(principal: Principal, id: string): Promise<ConsultationRow> {
    const consultation = await new ConsultationRepository(this.db).get(id);
    if (!consultation) throw new NotFound(`consultation ${id} not found`);
    await visibleDocument(this.db, principal, consultation.documentId);
    return consultation;
  }

  /** A comment without its ciphertext; with the opened contact data when `withContact`. */
  private view(row: CommentRow, withContact: boolean): CommentView {
    const { contactCiphertext, ...rest } = row;
    const view: CommentView = { ...rest, hasContact: contactCiphertext !== null };
    if (withContact) view.contact = contactCiphertext ? this.openContact(row.id, contactCiphertext) : null;
    return view;
  }

  private openContact(id: string, sealed: string): Contact | null {
    try {
      return this.contacts.open(id, sealed);
    } catch {
      return null;
    }
  }
}
