import crypto, { type KeyObject } from 'node:crypto';
import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors';
import { DOCUMENT_CATEGORIES } from '../domain/categories';
import { hasRole, type Principal, type Role } from '../domain/principal';
import type { Clock } from '../engine/clock';
import type { AuditRepository } from '../store/audit.repository';
import type { Db } from '../store/database';
import { DocumentRepository, type DocumentRow, type DocumentStatus, type DocumentVersionRow, type VersionSummary } from '../store/document.repository';
import { type SignOffKeys, verifySignature } from '../workers/sign-off/signature';
import { SignatureRepository, type SignatureRow } from '../workers/sign-off/signature.repository';
import { isDrafterOf, mayManageDocument, requireManager, visibleDocument, visibleDocumentIds } from './documents.access';

/** A sign-off signature as the API shows it: the signed statement, the signature, and whether it holds now. */
export type VerifiedSignature = Omit<SignatureRow, 'jobKey'> & { valid: boolean };

export const CATEGORY_IDS = DOCUMENT_CATEGORIES.map((category) => category.id) as [string, ...string[]];
export const DOCUMENT_STATUSES = ['drafting', 'consultation', 'review', 'signed', 'published', 'amending', 'abolished', 'invalid'] as const;

/** `manager`: the drafting department, the General Office or an administrator; otherwise these roles. */
type Who = 'manager' | Role[];
const OFFICE: Role[] = ['general-office', 'admin'];

/**
 * The document lifecycle: every allowed status change and who may make it. Opening a public
 * consultation also moves a document to `consultation` (consultations.service). Abolished and
 * invalid are final. A published document that needs changes goes to `amending`, then through
 * review and sign-off again.
 *
 * drafting → consultation | review · consultation → drafting | review · review → drafting (returned)
 * | signed (leader) · signed → published | drafting (withdrawn) · published → amending | abolished |
 * invalid · amending → consultation | review
 */
export const STATUS_TRANSITIONS: Record<DocumentStatus, Partial<Record<DocumentStatus, Who>>> = {
  drafting: { consultation: 'manager', review: 'manager' },
  consultation: { drafting: 'manager', review: 'manager' },
  review: { drafting: OFFICE, signed: ['leader', 'admin'] },
  signed: { published: OFFICE, drafting: OFFICE },
  published: { amending: 'manager', abolished: OFFICE, invalid: OFFICE },
  amending: { consultation: 'manager', review: 'manager' },
  abolished: {},
  invalid: {},
};

/** Statuses in which a new version of the text may be added (a signed text is final). */
const EDITABLE: DocumentStatus[] = ['drafting', 'consultation', 'review', 'amending'];

export interface NewDocument {
  title: string;
  category: string;
  draftingDept?: string;
  leadDept?: string | null;
  number?: string | null;
  summary?: string;
  /** The first version's text, if already written. */
  content?: string;
  note?: string;
}

export type DocumentPatch = Partial<Pick<DocumentRow, 'title' | 'category' | 'leadDept' | 'number' | 'summary'>>;

/** Lowercase hex SHA-256 of the UTF-8 text: what sign-offs cover. */
export function contentHash(content: string): string {
  return crypto.createHash('sha256').update(content, 'utf8').digest('hex');
}

/** Documents and their versions: creation, search, versions with content hash, the status lifecycle. */
export class DocumentService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Drafting-department users create documents of their own department; the General Office and admins of any. */
  async create(principal: Principal, input: NewDocument): Promise<DocumentRow> {
    const draftingDept = input.draftingDept ?? (hasRole(principal, 'drafting-dept') ? principal.departmentId : null);
    if (!draftingDept) throw new Invalid('draftingDept is required', [{ field: 'draftingDept', message: 'required' }]);
    const allowed = hasRole(principal, 'general-office', 'admin') || (hasRole(principal, 'drafting-dept') && isDrafterOf(principal, { draftingDept }));
    if (!allowed) throw new Forbidden('drafting departments create documents of their own department; the General Office or an administrator any');
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const repository = new DocumentRepository(tx);
      const id = crypto.randomUUID();
      const versioned = input.content !== undefined;
      let document = await repository.insert({
        id,
        number: input.number ?? null,
        title: input.title,
        category: input.category,
        draftingDept,
        leadDept: input.leadDept ?? null,
        status: 'drafting',
        summary: input.summary ?? '',
        currentVersion: 0,
        publishedAt: null,
        createdBy: principal.id,
        createdAt: now,
        updatedAt: now,
      });
      await this.audit.record({ actor: principal.id, action: 'document.create', resource: 'document', resourceId: id, after: document }, tx);
      if (versioned) document = await this.insertVersion(tx, principal, document, input.content!, input.note ?? '');
      return document;
    });
  }

  /** Search by text, status, category and department; an evaluator sees only its projects' documents. */
  async list(principal: Principal, filter: { q?: string; status?: DocumentStatus; category?: string; department?: string; limit: number; offset: number }) {
    return new DocumentRepository(this.db).list({ ...filter, onlyIds: await visibleDocumentIds(this.db, principal) });
  }

  get(principal: Principal, id: string): Promise<DocumentRow> {
    return visibleDocument(this.db, principal, id);
  }

  /** Title, category, number (文号, set when issued), lead department, summary; not once abolished or invalid. */
  async update(principal: Principal, id: string, patch: DocumentPatch): Promise<DocumentRow> {
    const before = await visibleDocument(this.db, principal, id);
    requireManager(principal, before);
    if (before.status === 'abolished' || before.status === 'invalid') throw new Conflict(`document ${id} is ${before.status}`, 'DOCUMENT_FINAL');
    return this.db.transaction(async (tx) => {
      const after = await new DocumentRepository(tx).update(id, { ...patch, updatedAt: this.clock.now() });
      await this.audit.record({ actor: principal.id, action: 'document.update', resource: 'document', resourceId: id, before, after }, tx);
      return after;
    });
  }

  async versions(principal: Principal, id: string): Promise<VersionSummary[]> {
    await visibleDocument(this.db, principal, id);
    return new DocumentRepository(this.db).versions(id);
  }

  async version(principal: Principal, id: string, version: number): Promise<DocumentVersionRow> {
    await visibleDocument(this.db, principal, id);
    const row = await new DocumentRepository(this.db).version(id, version);
    if (!row) throw new NotFound(`document ${id} has no version ${version}`);
    return row;
  }

  /**
   * Every sign-off signature of one version, oldest first, each with `valid`: whether it verifies
   * now, with the server's key, against the version's stored text (false once the text changed).
   */
  async signatures(principal: Principal, id: string, version: number, signOffKey: KeyObject | SignOffKeys): Promise<VerifiedSignature[]> {
    const stored = await this.version(principal, id, version);
    const rows = await new SignatureRepository(this.db).forDocumentVersion(id, version);
    return rows.map(({ jobKey: _, ...row }) => ({ ...row, valid: verifySignature(row, stored.content, signOffKey) }));
  }

  /** Adds the next version with its SHA-256 (answered without the text); refused on a signed, published or final document, or with unchanged text. */
  async addVersion(principal: Principal, id: string, input: { content: string; note?: string }): Promise<VersionSummary> {
    const document = await visibleDocument(this.db, principal, id);
    requireManager(principal, document);
    if (!EDITABLE.includes(document.status)) {
      throw new Conflict(`a ${document.status} document takes no new version${document.status === 'published' ? ' (set it to amending first)' : ''}`, 'DOCUMENT_NOT_EDITABLE');
    }
    return this.db.transaction(async (tx) => {
      const updated = await this.insertVersion(tx, principal, document, input.content, input.note ?? '');
      const { content: _content, ...summary } = (await new DocumentRepository(tx).version(id, updated.currentVersion))!;
      return summary;
    });
  }

  /** Moves a document along STATUS_TRANSITIONS; publishing stamps publishedAt, abolishing or invalidating takes it off the catalogue. */
  async changeStatus(principal: Principal, id: string, input: { status: DocumentStatus; reason?: string }): Promise<DocumentRow> {
    const before = await visibleDocument(this.db, principal, id);
    const who = STATUS_TRANSITIONS[before.status][input.status];
    if (!who) throw new Conflict(`a ${before.status} document cannot become ${input.status}`, 'INVALID_TRANSITION');
    const allowed = who === 'manager' ? mayManageDocument(principal, before) : hasRole(principal, ...who);
    if (!allowed) throw new Forbidden(`you may not move this document from ${before.status} to ${input.status}`);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const repository = new DocumentRepository(tx);
      const after = await repository.update(id, {
        status: input.status,
        updatedAt: now,
        ...(input.status === 'published' && before.publishedAt === null ? { publishedAt: now } : {}),
      });
      const removedFromCatalogue = input.status === 'abolished' || input.status === 'invalid' ? await repository.removeFromCatalogue(id) : false;
      await this.audit.record(
        { actor: principal.id, action: 'document.status', resource: 'document', resourceId: id, before, after: { ...after, reason: input.reason ?? null, removedFromCatalogue } },
        tx,
      );
      return after;
    });
  }

  private async insertVersion(tx: Db, principal: Principal, document: DocumentRow, content: string, note: string): Promise<DocumentRow> {
    const repository = new DocumentRepository(tx);
    const hash = contentHash(content);
    if (document.currentVersion > 0 && (await repository.version(document.id, document.currentVersion))?.contentHash === hash) {
      throw new Conflict('the text is the same as the current version', 'VERSION_UNCHANGED');
    }
    const now = this.clock.now();
    const version = await repository.claimNextVersion(document.id, now);
    await repository.insertVersion({ documentId: document.id, version, content, contentHash: hash, note, createdBy: principal.id, createdAt: now });
    await this.audit.record(
      { actor: principal.id, action: 'document.version', resource: 'document', resourceId: document.id, before: { version: document.currentVersion }, after: { version, contentHash: hash, note, length: content.length } },
      tx,
    );
    return { ...document, currentVersion: version, updatedAt: now };
  }
}
