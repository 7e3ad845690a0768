import crypto from 'node:crypto';
import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors';
import { hasRole, type Principal, type Role } from '../domain/principal';
import type { Clock } from '../engine/clock';
import type { AuditRepository } from '../store/audit.repository';
import { CleanupRepository, type CampaignProgress, type Classification, type CleanupCampaignRow, type CleanupItemRow } from '../store/cleanup.repository';
import type { Db } from '../store/database';
import { DocumentRepository } from '../store/document.repository';
import { isStaff, requireRoles } from './documents.access';

/** abolish 宣布废止 · invalidate 宣布失效 · amend 予以修改 · keep 继续有效 */
export const CLASSIFICATIONS = ['abolish', 'invalidate', 'amend', 'keep'] as const;

/** Roles that see every department's items: they run, review, approve or supervise the cleanup. */
const OVERSIGHT: Role[] = ['general-office', 'legal-office', 'admin', 'supervisor', 'leader'];

/** "Amend" needs a written amendment opinion (书面修改意见): 422 AMENDMENT_OPINION_REQUIRED otherwise. */
export function requireAmendmentOpinion(classification: Classification, amendmentOpinion: string | null | undefined): void {
  if (classification === 'amend' && !amendmentOpinion?.trim()) {
    throw new Invalid('amending a document needs a written amendment opinion', [{ field: 'amendmentOpinion', message: 'required when the class is amend' }], 'AMENDMENT_OPINION_REQUIRED');
  }
}

export interface Classifying {
  classification: Classification;
  reasons: string;
  basis: string;
  amendmentOpinion?: string;
}

/**
 * Cleanup campaigns (regime 4): the General Office runs them and lists the documents; each
 * document's department classifies its own items with reasons and basis; the Legal Affairs
 * Office reviews every proposal. A department user sees only its department's items; the
 * General Office, Legal Affairs Office, leaders, supervisors and admins see all.
 */
export class CleanupService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Campaigns, newest first, with progress (a department's own items for department users). */
  async campaigns(principal: Principal): Promise<Array<CleanupCampaignRow & { progress: CampaignProgress }>> {
    const ownDepartment = this.departmentScope(principal);
    const repository = new CleanupRepository(this.db);
    const campaigns = await repository.campaigns();
    const progress = await repository.progress(campaigns.map((campaign) => campaign.id), ownDepartment);
    return campaigns.map((campaign) => ({ ...campaign, progress: progress.get(campaign.id)! }));
  }

  async campaign(principal: Principal, id: string): Promise<CleanupCampaignRow & { progress: CampaignProgress }> {
    const ownDepartment = this.departmentScope(principal);
    const repository = new CleanupRepository(this.db);
    const campaign = await repository.campaign(id);
    if (!campaign) throw new NotFound(`cleanup campaign ${id} not found`);
    return { ...campaign, progress: (await repository.progress([id], ownDepartment)).get(id)! };
  }

  /** The yearly campaign (one per year) or an ad-hoc one. */
  async createCampaign(principal: Principal, input: { id?: string; kind: 'yearly' | 'ad-hoc'; year?: number; title: string; processInstanceKey?: string }): Promise<CleanupCampaignRow> {
    requireRoles(principal, 'general-office', 'admin');
    if (input.kind === 'yearly' && input.year === undefined) throw new Invalid('a yearly campaign names its year', [{ field: 'year', message: 'required for a yearly campaign' }], 'YEAR_REQUIRED');
    return this.db.transaction(async (tx) => {
      const repository = new CleanupRepository(tx);
      if (input.kind === 'yearly' && (await repository.yearly(input.year!))) throw new Conflict(`the yearly cleanup of ${input.year} exists`, 'CAMPAIGN_EXISTS');
      const campaign = await repository.insertCampaign({
        id: input.id ?? crypto.randomUUID(),
        kind: input.kind,
        year: input.year ?? null,
        title: input.title,
        status: 'running',
        report: null,
        approvedAt: null,
        cataloguePublishedAt: null,
        processInstanceKey: input.processInstanceKey ?? null,
        createdBy: principal.id,
        createdAt: this.clock.now(),
      });
      if (!campaign) throw new Conflict(`cleanup campaign ${input.id} exists`, 'CAMPAIGN_EXISTS');
      await this.audit.record({ actor: principal.id, action: 'cleanup.campaign.create', resource: 'cleanup-campaign', resourceId: campaign.id, after: campaign }, tx);
      return campaign;
    });
  }

  /** Puts a document on the campaign's catalogue for its (drafting, lead or successor) department. */
  async addItem(principal: Principal, campaignId: string, input: { documentId: string; department?: string }): Promise<CleanupItemRow> {
    requireRoles(principal, 'general-office', 'admin');
    await this.running(campaignId);
    const document = await new DocumentRepository(this.db).get(input.documentId);
    const department = input.department ?? document?.leadDept ?? document?.draftingDept;
    if (!department) throw new Invalid('name the department that answers for this document', [{ field: 'department', message: 'required for a document not in the register' }], 'DEPARTMENT_REQUIRED');
    return this.db.transaction(async (tx) => {
      const item = await new CleanupRepository(tx).insertItem({
        campaignId,
        documentId: input.documentId,
        department,
        classification: null,
        reasons: null,
        basis: null,
        amendmentOpinion: null,
        classifiedBy: null,
        classifiedAt: null,
        legalDecision: null,
        legalOpinion: null,
        reviewedAt: null,
      });
      if (!item) throw new Conflict('the document is already in this campaign', 'ITEM_EXISTS');
      await this.audit.record({ actor: principal.id, action: 'cleanup.item.create', resource: 'cleanup-item', resourceId: `${campaignId}/${input.documentId}`, after: item }, tx);
      return item;
    });
  }

  /** Items of a campaign; department users get their own department's only (403 when asking for another). */
  async items(principal: Principal, campaignId: string, filter: { department?: string; state?: 'unclassified' | 'classified' | 'reviewed' }): Promise<CleanupItemRow[]> {
    const ownDepartment = this.departmentScope(principal);
    if (ownDepartment && filter.department && filter.department !== ownDepartment) throw new Forbidden('a department sees its own cleanup items only');
    const repository = new CleanupRepository(this.db);
    if (!(await repository.campaign(campaignId))) throw new NotFound(`cleanup campaign ${campaignId} not found`);
    return repository.items(campaignId, { ...filter, department: ownDepartment ?? filter.department });
  }

  /** The document's department proposes its class with reasons and basis (again after the Legal Affairs Office disagreed). */
  async classify(principal: Principal, campaignId: string, documentId: string, input: Classifying): Promise<CleanupItemRow> {
    const before = await this.item(campaignId, documentId);
    if (principal.departmentId !== before.department) throw new Forbidden("only the document's department classifies it");
    await this.running(campaignId);
    if (before.legalDecision === 'agree') throw new Conflict('the Legal Affairs Office already agreed to this proposal', 'ALREADY_REVIEWED');
    requireAmendmentOpinion(input.classification, input.amendmentOpinion);
    return this.change(principal, 'cleanup.item.classify', before, {
      classification: input.classification,
      reasons: input.reasons,
      basis: input.basis,
      amendmentOpinion: input.classification === 'amend' ? input.amendmentOpinion! : null,
      classifiedBy: principal.id,
      classifiedAt: this.clock.now(),
      legalDecision: null,
      legalOpinion: null,
      reviewedAt: null,
    });
  }

  /** The Legal Affairs Office reviews a proposal and writes its opinion; disagreeing returns it to the department. */
  async review(principal: Principal, campaignId: string, documentId: string, input: { decision: 'agree' | 'disagree'; opinion: string }): Promise<CleanupItemRow> {
    requireRoles(principal, 'legal-office');
    const before = await this.item(campaignId, documentId);
    await this.running(campaignId);
    if (!before.classification) throw new Conflict('the department has not proposed a class yet', 'NOT_CLASSIFIED');
    return this.change(principal, 'cleanup.item.review', before, { legalDecision: input.decision, legalOpinion: input.opinion, reviewedAt: this.clock.now() });
  }

  /** undefined for oversight roles (all departments); the user's department otherwise. */
  private departmentScope(principal: Principal): string | undefined {
    if (hasRole(principal, ...OVERSIGHT)) return undefined;
    if (!isStaff(principal) || !principal.departmentId) throw new Forbidden('cleanup campaigns are for the departments and offices');
    return principal.departmentId;
  }

  private async running(campaignId: string): Promise<CleanupCampaignRow> {
    const campaign = await new CleanupRepository(this.db).campaign(campaignId);
    if (!campaign) throw new NotFound(`cleanup campaign ${campaignId} not found`);
    if (campaign.status !== 'running') throw new Conflict(`the campaign is ${campaign.status}`, 'CAMPAIGN_CLOSED');
    return campaign;
  }

  private async item(campaignId: string, documentId: string): Promise<CleanupItemRow> {
    const item = await new CleanupRepository(this.db).item(campaignId, documentId);
    if (!item) throw new NotFound(`document ${documentId} is not in campaign ${campaignId}`);
    return item;
  }

  private change(principal: Principal, action: string, before: CleanupItemRow, patch: Partial<CleanupItemRow>): Promise<CleanupItemRow> {
    return this.db.transaction(async (tx) => {
      const after = await new CleanupRepository(tx).updateItem(before.campaignId, before.documentId, patch);
      await this.audit.record({ actor: principal.id, action, resource: 'cleanup-item', resourceId: `${before.campaignId}/${before.documentId}`, before, after }, tx);
      return after;
    });
  }
}
