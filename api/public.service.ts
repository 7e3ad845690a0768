import crypto from 'node:crypto';
import type { Contact, ContactCipher } from '../domain/contact-cipher';
import { NotFound } from '../domain/errors';
import type { Clock } from '../engine/clock';
import type { AuditRepository } from '../store/audit.repository';
import { ConsultationRepository, type ConsultationRow } from '../store/consultation.repository';
import type { Db } from '../store/database';
import { DocumentRepository } from '../store/document.repository';
import { consultationState, requireOpen } from './consultations.service';

/** What anyone may see of a consultation. */
export interface PublicConsultation {
  id: string;
  documentId: string;
  round: number;
  title: string;
  summary: string;
  opensAt: number;
  closesAt: number;
}

/** A comment from the public: optional name and contact (sealed at once), the text. */
export interface PublicComment {
  authorName?: string;
  contact?: Contact;
  content: string;
}

function publicView(row: ConsultationRow): PublicConsultation {
  return { id: row.id, documentId: row.documentId, round: row.round, title: row.title, summary: row.summary, opensAt: row.opensAt, closesAt: row.closesAt };
}

/** The public side of consultations (no login): open drafts, their text, and comments on them. */
export class PublicService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    private readonly contacts: ContactCipher,
  ) {}

  /** Consultations open now, closing soonest first. */
  async openConsultations(): Promise<PublicConsultation[]> {
    return (await new ConsultationRepository(this.db).openAt(this.clock.now())).map(publicView);
  }

  /** An opened consultation (open or already closed) with the draft text; one not yet opened does not exist for the public. */
  async consultation(id: string): Promise<PublicConsultation & { draftText: string; open: boolean }> {
    const row = await new ConsultationRepository(this.db).get(id);
    const now = this.clock.now();
    if (!row || consultationState(row, now) === 'scheduled') throw new NotFound(`consultation ${id} not found`);
    const version = await new DocumentRepository(this.db).version(row.documentId, row.version);
    return { ...publicView(row), draftText: version?.content ?? '', open: consultationState(row, now) === 'open' };
  }

  /** Takes a comment while the round is open (409 CONSULTATION_CLOSED after); the contact is encrypted with the comment id. */
  async submitComment(id: string, input: PublicComment): Promise<{ id: string }> {
    const consultation = await new ConsultationRepository(this.db).get(id);
    const now = this.clock.now();
    if (!consultation || consultationState(consultation, now) === 'scheduled') throw new NotFound(`consultation ${id} not found`);
    requireOpen(consultation, now);
    const commentId = crypto.randomUUID();
    const hasContact = input.contact !== undefined && Object.values(input.contact).some((value) => value);
    return this.db.transaction(async (tx) => {
      const comment = await new ConsultationRepository(tx).insertComment({
        id: commentId,
        consultationId: id,
        authorName: input.authorName ?? null,
        contactCiphertext: hasContact ? this.contacts.seal(commentId, input.contact!) : null,
        content: input.content,
        submittedAt: now,
      });
      // the audit log never holds the contact data itself
      await this.audit.record(
        { actor: 'public', action: 'comment.submit', resource: 'comment', resourceId: commentId, after: { id: commentId, consultationId: id, authorName: comment.authorName, content: comment.content, hasContact } },
        tx,
      );
      return { id: commentId };
    });
  }
}
