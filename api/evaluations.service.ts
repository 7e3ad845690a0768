import crypto from 'node:crypto';
import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors';
import { hasRole, type Principal, type Role } from '../domain/principal';
import type { Clock } from '../engine/clock';
import type { AuditRepository } from '../store/audit.repository';
import type { Db } from '../store/database';
import { EvaluationRepository, type EvaluationProjectRow, type EvaluationStatus } from '../store/evaluation.repository';
import { isEvaluatorOnly, isStaff, requireRoles, visibleDocument } from './documents.access';
import { checkEvaluatorEligibility } from './evaluators.service';

export const EVALUATION_STATUSES = ['proposed', 'approved', 'contracted', 'plan-approved', 'reported', 'accepted', 'paid', 'closed', 'rejected'] as const;
export const PROCUREMENT_METHODS = ['open-tender', 'invited-tender', 'single-source'] as const;
export const RECOMMENDATIONS = ['continue', 'adjust', 'amend', 'abolish', 'terminate'] as const;
type Recommendation = (typeof RECOMMENDATIONS)[number];

/** Who may take a step: these roles, and/or the project's own evaluator. */
interface Step {
  action: string;
  roles: Role[];
  ownEvaluator?: boolean;
  from: EvaluationStatus[];
}

const OFFICE: Role[] = ['general-office', 'admin'];

/**
 * Third-party evaluation projects (regime 3), commissioned by the General Office:
 * proposed → approved | rejected (leader) → contracted (general-office; the evaluator must pass
 * checkEvaluatorEligibility, else 422 EVALUATOR_INELIGIBLE) → plan submitted by the evaluator →
 * plan-approved (general-office) → reported (the evaluator, within the contracted time) →
 * accepted (general-office; refusing sends it back for rework) → paid (finance) → closed
 * (general-office, once a recommendation is recorded). An evaluator's user sees and acts on its
 * own projects only; staff see every project.
 */
export class EvaluationService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, filter: { status?: EvaluationStatus; documentId?: string }): Promise<EvaluationProjectRow[]> {
    if (isStaff(principal)) return new EvaluationRepository(this.db).list(filter);
    if (isEvaluatorOnly(principal) && principal.departmentId) return new EvaluationRepository(this.db).list({ ...filter, evaluatorId: principal.departmentId });
    throw new Forbidden('no role that may read evaluation projects');
  }

  async get(principal: Principal, id: string): Promise<EvaluationProjectRow> {
    const project = await new EvaluationRepository(this.db).get(id);
    if (!project || !(isStaff(principal) || (isEvaluatorOnly(principal) && project.evaluatorId !== null && project.evaluatorId === principal.departmentId))) {
      throw new NotFound(`evaluation project ${id} not found`);
    }
    return project;
  }

  /** The General Office proposes a project on a document (object, scope, responsible department). */
  async create(principal: Principal, input: { documentId: string; subject: string; scope: string; responsibleDept?: string; processInstanceKey?: string }): Promise<EvaluationProjectRow> {
    requireRoles(principal, ...OFFICE);
    const document = await visibleDocument(this.db, principal, input.documentId);
    return this.db.transaction(async (tx) => {
      const project = await new EvaluationRepository(tx).insert({
        id: crypto.randomUUID(),
        documentId: document.id,
        subject: input.subject,
        scope: input.scope,
        responsibleDept: input.responsibleDept ?? document.leadDept ?? document.draftingDept,
        status: 'proposed',
        processInstanceKey: input.processInstanceKey ?? null,
        createdBy: principal.id,
        createdAt: this.clock.now(),
      });
      await this.audit.record({ actor: principal.id, action: 'evaluation.create', resource: 'evaluation-project', resourceId: project.id, after: project }, tx);
      return project;
    });
  }

  /** The city government (leader) approves or rejects a proposed project. */
  approve(principal: Principal, id: string, decision: 'approved' | 'rejected') {
    return this.step(principal, id, { action: 'evaluation.approve', roles: ['leader', 'admin'], from: ['proposed'] }, () => ({ status: decision }));
  }

  /** The service contract after government procurement, with an eligible evaluator. */
  async contract(
    principal: Principal,
    id: string,
    input: { procurementMethod: (typeof PROCUREMENT_METHODS)[number]; evaluatorId: string; contractNumber: string; contractSignedAt: number; fee: number; reportDueAt: number },
  ) {
    if (input.reportDueAt <= input.contractSignedAt) throw new Invalid('the report falls due after the contract is signed', [{ field: 'reportDueAt', message: 'must be after contractSignedAt' }], 'REPORT_DUE_BEFORE_CONTRACT');
    return this.step(principal, id, { action: 'evaluation.contract', roles: OFFICE, from: ['approved'] }, async (project) => {
      const eligibility = await checkEvaluatorEligibility(this.db, input.evaluatorId, project.responsibleDept);
      if (!eligibility.eligible) throw new Invalid(eligibility.reason ?? 'the evaluator may not be commissioned', [{ field: 'evaluatorId', message: eligibility.reason }], 'EVALUATOR_INELIGIBLE');
      return { ...input, status: 'contracted' };
    });
  }

  /** The evaluator submits (or resubmits) its plan: steps, standards, indicator system, methods. */
  submitPlan(principal: Principal, id: string, plan: string) {
    return this.step(principal, id, { action: 'evaluation.plan', roles: OFFICE, ownEvaluator: true, from: ['contracted'] }, () => ({ plan, planApprovedAt: null }));
  }

  /** The commissioning party approves the plan, or sends it back (the project stays contracted). */
  reviewPlan(principal: Principal, id: string, approved: boolean) {
    return this.step(principal, id, { action: 'evaluation.plan-review', roles: OFFICE, from: ['contracted'] }, (project) => {
      if (!project.plan) throw new Conflict('no plan was submitted yet', 'PLAN_MISSING');
      return approved ? { status: 'plan-approved', planApprovedAt: this.clock.now() } : {};
    });
  }

  /** The evaluator submits its report (again after a rework request), with its recommendation. */
  submitReport(principal: Principal, id: string, input: { report: string; recommendation?: Recommendation }) {
    return this.step(principal, id, { action: 'evaluation.report', roles: ['admin'], ownEvaluator: true, from: ['plan-approved', 'reported'] }, () => ({
      status: 'reported',
      report: input.report,
      reportSubmittedAt: this.clock.now(),
      ...(input.recommendation ? { recommendation: input.recommendation } : {}),
    }));
  }

  /** The commissioning party accepts the results, or returns the report for rework. */
  accept(principal: Principal, id: string, accepted: boolean) {
    return this.step(principal, id, { action: 'evaluation.accept', roles: OFFICE, from: ['reported'] }, () =>
      accepted ? { status: 'accepted', acceptedAt: this.clock.now() } : { status: 'plan-approved' },
    );
  }

  /** The Finance Bureau pays the accepted service. */
  pay(principal: Principal, id: string, paidAt?: number) {
    return this.step(principal, id, { action: 'evaluation.pay', roles: ['finance', 'admin'], from: ['accepted'] }, () => ({ status: 'paid', paidAt: paidAt ?? this.clock.now() }));
  }

  /** What the results lead to: continue, adjust, amend, abolish or terminate the policy. */
  recommend(principal: Principal, id: string, recommendation: Recommendation) {
    return this.step(principal, id, { action: 'evaluation.recommendation', roles: OFFICE, from: ['reported', 'accepted', 'paid'] }, () => ({ recommendation }));
  }

  /** Closes a paid project once its recommendation is recorded. */
  close(principal: Principal, id: string) {
    return this.step(principal, id, { action: 'evaluation.close', roles: OFFICE, from: ['paid'] }, (project) => {
      if (!project.recommendation) throw new Conflict('record the recommendation before closing', 'RECOMMENDATION_MISSING');
      return { status: 'closed' };
    });
  }

  private async step(
    principal: Principal,
    id: string,
    step: Step,
    change: (project: EvaluationProjectRow) => Partial<EvaluationProjectRow> | Promise<Partial<EvaluationProjectRow>>,
  ): Promise<EvaluationProjectRow> {
    const before = await this.get(principal, id);
    const own = step.ownEvaluator === true && isEvaluatorOnly(principal) && before.evaluatorId === principal.departmentId;
    if (!own && !hasRole(principal, ...step.roles)) throw new Forbidden(`this step needs one of: ${[...step.roles, ...(step.ownEvaluator ? ['the contracted evaluator'] : [])].join(', ')}`);
    if (!step.from.includes(before.status)) throw new Conflict(`a ${before.status} project cannot take this step`, 'INVALID_TRANSITION');
    const patch = await change(before);
    return this.db.transaction(async (tx) => {
      const after = await new EvaluationRepository(tx).update(id, patch);
      await this.audit.record({ actor: principal.id, action: step.action, resource: 'evaluation-project', resourceId: id, before, after }, tx);
      return after;
    });
  }
}
