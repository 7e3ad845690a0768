import crypto from 'node:crypto';
import type { Contact, ContactCipher } from '../domain/contact-cipher';
import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors';
import { hasRole, type Principal } from '../domain/principal';
import type { Clock } from '../engine/clock';
import type { AuditRepository } from '../store/audit.repository';
import type { Db } from '../store/database';
import type { DocumentRow } from '../store/document.repository';
import { PushRepository, type StaffOutcome } from '../store/push.repository';
import { StakeholderRepository, type StakeholderPushRow, type StakeholderRow } from '../store/stakeholder.repository';
import { isDrafterOf, visibleDocument } from './documents.access';

export const STAKEHOLDER_KINDS = ['enterprise', 'association', 'citizen', 'organisation'] as const;
/** How the contact was collected (regime 2 step 1). */
export const COLLECTED_VIA = ['symposium', 'questionnaire', 'expert-review', 'online'] as const;

export interface NewStakeholder {
  name: string;
  kind: StakeholderRow['kind'];
  collectedVia: string;
  contact: Contact;
}

/** A stakeholder without ciphertext; `contact` only for the drafting department. */
export type StakeholderView = Omit<StakeholderRow, 'contactCiphertext'> & { contact?: Contact | null };

/** A push as its reader may see it; stakeholder name and detail only for the drafting department. */
export type PushView = Omit<StakeholderPushRow, 'jobKey' | 'detail'> & { overdue: boolean; stakeholderName?: string | null; detail?: string | null };

/** What staff record for a push they made by phone or post. */
export interface PushOutcome {
  outcome: StaffOutcome;
  /** Why it failed, or how it went (e.g. 已电话告知并预约培训); required for a failed push. */
  detail?: string;
  /** When the call was made or the letter posted (epoch ms); default now, never in the future. */
  pushedAt?: number;
}

/** Channels on which staff push themselves and record the outcome; the others are sent and recorded by the stakeholder-push worker. */
const STAFF_CHANNELS: readonly StakeholderPushRow['channel'][] = ['phone', 'post'];

type Access = 'drafter' | 'oversight';

/**
 * Stakeholders of a document (regime 2): their information is confidential (保密). Decision:
 * - the document's drafting department registers stakeholders and alone reads contact data;
 * - the General Office, supervisors and administrators (who supervise the pushes) see the list
 *   without any contact data, and the pushes without stakeholder names or delivery details;
 * - everyone else (other departments, offices, leaders, finance, evaluators) gets 403.
 * Contact data is sealed with the stakeholder id (AES-256-GCM) and never written to the audit log.
 */
export class StakeholderService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    private readonly contacts: ContactCipher,
  ) {}

  /** The drafting department registers a stakeholder with its contact data. */
  async create(principal: Principal, documentId: string, input: NewStakeholder): Promise<StakeholderView> {
    const document = await visibleDocument(this.db, principal, documentId);
    if (!isDrafterOf(principal, document)) throw new Forbidden('only the drafting department registers stakeholders');
    const id = crypto.randomUUID();
    return this.db.transaction(async (tx) => {
      const row = await new StakeholderRepository(tx).insert({
        id,
        documentId,
        name: input.name,
        kind: input.kind,
        collectedVia: input.collectedVia,
        contactCiphertext: this.contacts.seal(id, input.contact),
        createdBy: principal.id,
        createdAt: this.clock.now(),
      });
      await this.audit.record({ actor: principal.id, action: 'stakeholder.create', resource: 'stakeholder', resourceId: id, after: this.view(row, false) }, tx);
      return this.view(row, true);
    });
  }

  /** The stakeholders of a document: with contact data for the drafting department, without for oversight. */
  async list(principal: Principal, documentId: string): Promise<StakeholderView[]> {
    const access = this.access(principal, await visibleDocument(this.db, principal, documentId));
    return (await new StakeholderRepository(this.db).forDocument(documentId)).map((row) => this.view(row, access === 'drafter'));
  }

  async get(principal: Principal, id: string): Promise<StakeholderView> {
    const row = await this.stakeholder(principal, id);
    return this.view(row.stakeholder, row.access === 'drafter');
  }

  /** The drafting department corrects a stakeholder; a new contact replaces the sealed one. */
  async update(principal: Principal, id: string, patch: Partial<NewStakeholder>): Promise<StakeholderView> {
    const { stakeholder: before, access } = await this.stakeholder(principal, id);
    if (access !== 'drafter') throw new Forbidden('only the drafting department changes stakeholders');
    const { contact, ...fields } = patch;
    return this.db.transaction(async (tx) => {
      const after = await new StakeholderRepository(tx).update(id, { ...fields, ...(contact ? { contactCiphertext: this.contacts.seal(id, contact) } : {}) });
      await this.audit.record(
        { actor: principal.id, action: 'stakeholder.update', resource: 'stakeholder', resourceId: id, before: this.view(before, false), after: { ...this.view(after, false), contactChanged: contact !== undefined } },
        tx,
      );
      return this.view(after, true);
    });
  }

  /** The pushes of the published document to its stakeholders (recorded by the stakeholder-push worker). */
  async pushes(principal: Principal, documentId: string): Promise<PushView[]> {
    const access = this.access(principal, await visibleDocument(this.db, principal, documentId));
    const now = this.clock.now();
    return (await new StakeholderRepository(this.db).pushes(documentId)).map(({ jobKey: _jobKey, detail, stakeholderName, ...push }) => ({
      ...push,
      overdue: push.pushedAt === null && push.outcome !== 'delivered' && push.dueAt < now,
      ...(access === 'drafter' ? { stakeholderName, detail } : {}),
    }));
  }

  /**
   * The drafting department records the outcome of a push it made by phone or post: delivered,
   * or failed (with the reason, e.g. a wrong address). The stakeholder-push job waiting for it
   * then completes on its next look, and the process goes on. Throws NotFound (no such push, or
   * its document is hidden), Forbidden (not the drafting department), Conflict (an automatic
   * channel, or an outcome already recorded) and Invalid (a time in the future, a failure
   * without reason). Audited without the detail, which may name the stakeholder's address.
   */
  async recordPushOutcome(principal: Principal, pushId: string, input: PushOutcome): Promise<PushView> {
    const push = await new PushRepository(this.db).get(pushId);
    if (!push) throw new NotFound(`push ${pushId} not found`);
    const document = await visibleDocument(this.db, principal, push.documentId);
    if (!isDrafterOf(principal, document)) throw new Forbidden("only the document's drafting department records the outcome of its pushes");
    if (!STAFF_CHANNELS.includes(push.channel)) throw new Conflict(`the ${push.channel} push is sent and recorded automatically; staff record phone and post pushes only`);
    if (push.outcome !== 'pending') throw new Conflict(`the outcome of push ${pushId} is already recorded (${push.outcome})`);
    const now = this.clock.now();
    const pushedAt = input.pushedAt ?? now;
    if (pushedAt > now) throw new Invalid('pushedAt: must not be in the future', [{ field: 'pushedAt', message: 'must not be in the future' }]);
    if (input.outcome === 'failed' && !input.detail) throw new Invalid('detail: say why the push failed', [{ field: 'detail', message: 'required when the push failed' }]);

    await this.db.transaction(async (tx) => {
      const recorded = await new PushRepository(tx).recordStaffOutcome({ ...push, outcome: input.outcome, pushedAt, detail: input.detail });
      if (!recorded) throw new Conflict(`the outcome of push ${pushId} is already recorded`);
      await this.audit.record(
        {
          actor: principal.id,
          action: 'push.outcome',
          resource: 'stakeholder-push',
          resourceId: pushId,
          before: { outcome: push.outcome, pushedAt: push.pushedAt },
          after: { outcome: input.outcome, pushedAt, channel: push.channel, stakeholderId: push.stakeholderId, detailRecorded: input.detail !== undefined },
        },
        tx,
      );
    });
    return (await this.pushes(principal, push.documentId)).find((view) => view.id === pushId)!;
  }

  private access(principal: Principal, document: DocumentRow): Access {
    if (isDrafterOf(principal, document)) return 'drafter';
    if (hasRole(principal, 'general-office', 'supervisor', 'admin')) return 'oversight';
    throw new Forbidden("stakeholder information is confidential to the document's drafting department");
  }

  private async stakeholder(principal: Principal, id: string): Promise<{ stakeholder: StakeholderRow; access: Access }> {
    const stakeholder = await new StakeholderRepository(this.db).get(id);
    if (!stakeholder) throw new NotFound(`stakeholder ${id} not found`);
    const access = this.access(principal, await visibleDocument(this.db, principal, stakeholder.documentId));
    return { stakeholder, access };
  }

  /** A stakeholder without ciphertext; with its opened contact when asked (null when the ciphertext does not open: tampered or moved). */
  private view(row: StakeholderRow, withContact: boolean): StakeholderView {
    const { contactCiphertext, ...rest } = row;
    if (!withContact) return rest;
    try {
      return { ...rest, contact: this.contacts.open(row.id, contactCiphertext) };
    } catch {
      return { ...rest, contact: null };
    }
  }
}
