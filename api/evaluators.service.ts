import crypto from 'node:crypto';
import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors';
import { hasRole, type Principal } from '../domain/principal';
import type { Clock } from '../engine/clock';
import type { AuditRepository } from '../store/audit.repository';
import type { Db } from '../store/database';
import { EvaluatorRepository, type EvaluatorKind, type EvaluatorRow } from '../store/evaluator.repository';
import { isEvaluatorOnly, isStaff, requireRoles } from './documents.access';

export const EVALUATOR_KINDS = ['university', 'institute', 'intermediary', 'firm', 'social-organisation', 'expert'] as const;

/** Whether an evaluator may be commissioned for a department's policy, and if not, why (in the officials' language). */
export interface Eligibility {
  eligible: boolean;
  reason: string | null;
}

/**
 * May this evaluator be commissioned to evaluate a policy of `responsibleDept`? Only when it is
 * in the pool, has not been blacklisted (不再委托), has declared its independence, is qualified,
 * and has no organisation, staff or funding ties with that department (regime 3 step 2). Used by
 * the evaluator-check worker before commissioning and by the contract step of the API.
 */
export async function checkEvaluatorEligibility(db: Db, evaluatorId: string, responsibleDept: string): Promise<Eligibility> {
  const evaluator = await new EvaluatorRepository(db).get(evaluatorId);
  if (!evaluator) return { eligible: false, reason: `评估机构 ${evaluatorId} 不在第三方评估机构库中` };
  if (evaluator.blacklistedAt !== null) return { eligible: false, reason: `${evaluator.name}已列入不再委托名单：${evaluator.blacklistReason ?? ''}` };
  if (evaluator.relatedDepartments.includes(responsibleDept)) {
    return { eligible: false, reason: `${evaluator.name}与被评估部门（${responsibleDept}）在机构、人员或经费上存在关联，不具备独立性` };
  }
  if (!evaluator.independenceDeclaration?.trim()) return { eligible: false, reason: `${evaluator.name}尚未作出独立性声明` };
  if (!evaluator.qualifications.trim()) return { eligible: false, reason: `${evaluator.name}缺少资质信息` };
  return { eligible: true, reason: null };
}

export interface NewEvaluator {
  id?: string;
  name: string;
  kind: EvaluatorKind;
  qualifications: string;
  relatedDepartments?: string[];
}

export type EvaluatorPatch = Partial<Pick<EvaluatorRow, 'name' | 'kind' | 'qualifications' | 'relatedDepartments'>>;

/**
 * The evaluator pool (评估机构库): the General Office and administrators keep it; staff read it;
 * an evaluator organisation's user sees only its own entry and may make its independence
 * declaration. A blacklisted evaluator stays in the pool for the record and is never commissioned again.
 */
export class EvaluatorService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async list(principal: Principal, filter: { q?: string }): Promise<EvaluatorRow[]> {
    if (isStaff(principal)) return new EvaluatorRepository(this.db).list(filter);
    if (isEvaluatorOnly(principal) && principal.departmentId) return new EvaluatorRepository(this.db).list({ id: principal.departmentId });
    throw new Forbidden('no role that may read the evaluator pool');
  }

  async get(principal: Principal, id: string): Promise<EvaluatorRow> {
    const evaluator = await new EvaluatorRepository(this.db).get(id);
    if (!evaluator || (!isStaff(principal) && principal.departmentId !== id)) throw new NotFound(`evaluator ${id} not found`);
    return evaluator;
  }

  async create(principal: Principal, input: NewEvaluator): Promise<EvaluatorRow> {
    requireRoles(principal, 'general-office', 'admin');
    return this.db.transaction(async (tx) => {
      const row = await new EvaluatorRepository(tx).insert({
        id: input.id ?? `evaluator-${crypto.randomUUID()}`,
        name: input.name,
        kind: input.kind,
        qualifications: input.qualifications,
        relatedDepartments: input.relatedDepartments ?? [],
        independenceDeclaration: null,
        declaredAt: null,
        blacklistedAt: null,
        blacklistReason: null,
        blacklistedBy: null,
        createdAt: this.clock.now(),
      });
      if (!row) throw new Conflict(`evaluator ${input.id} already exists`, 'EVALUATOR_EXISTS');
      await this.audit.record({ actor: principal.id, action: 'evaluator.create', resource: 'evaluator', resourceId: row.id, after: row }, tx);
      return row;
    });
  }

  async update(principal: Principal, id: string, patch: EvaluatorPatch): Promise<EvaluatorRow> {
    requireRoles(principal, 'general-office', 'admin');
    const before = await this.get(principal, id);
    return this.mutate(principal, 'evaluator.update', before, patch);
  }

  /** The evaluator itself (or the General Office on its behalf) declares independence of the evaluated bodies. */
  async declareIndependence(principal: Principal, id: string, declaration: string): Promise<EvaluatorRow> {
    const before = await this.get(principal, id);
    const own = isEvaluatorOnly(principal) && principal.departmentId === id;
    if (!own && !hasRole(principal, 'general-office', 'admin')) throw new Forbidden('the evaluator itself or the General Office makes the declaration');
    if (before.blacklistedAt !== null) throw new Conflict(`${before.name} is blacklisted`, 'BLACKLISTED');
    return this.mutate(principal, 'evaluator.declare', before, { independenceDeclaration: declaration, declaredAt: this.clock.now() });
  }

  /** Misconduct (interference, partiality, fraud, plagiarism): never commissioned again; the reason is required (422). */
  async blacklist(principal: Principal, id: string, reason: string): Promise<EvaluatorRow> {
    requireRoles(principal, 'general-office', 'admin');
    const before = await this.get(principal, id);
    if (!reason.trim()) throw new Invalid('blacklisting needs a reason', [{ field: 'reason', message: 'required' }], 'REASON_REQUIRED');
    if (before.blacklistedAt !== null) throw new Conflict(`${before.name} is already blacklisted`, 'ALREADY_BLACKLISTED');
    return this.mutate(principal, 'evaluator.blacklist', before, { blacklistedAt: this.clock.now(), blacklistReason: reason, blacklistedBy: principal.id });
  }

  /** Removes an entry made by mistake: not once blacklisted or named by an evaluation project (409). */
  async remove(principal: Principal, id: string): Promise<void> {
    requireRoles(principal, 'general-office', 'admin');
    const before = await this.get(principal, id);
    if (before.blacklistedAt !== null) throw new Conflict('a blacklisted evaluator stays in the pool', 'BLACKLISTED');
    await this.db.transaction(async (tx) => {
      const repository = new EvaluatorRepository(tx);
      if ((await repository.projectCount(id)) > 0) throw new Conflict('the evaluator is named by evaluation projects', 'EVALUATOR_IN_USE');
      await repository.delete(id);
      await this.audit.record({ actor: principal.id, action: 'evaluator.delete', resource: 'evaluator', resourceId: id, before }, tx);
    });
  }

  private mutate(principal: Principal, action: string, before: EvaluatorRow, patch: Partial<EvaluatorRow>): Promise<EvaluatorRow> {
    return this.db.transaction(async (tx) => {
      const after = await new EvaluatorRepository(tx).update(before.id, patch);
      await this.audit.record({ actor: principal.id, action, resource: 'evaluator', resourceId: before.id, before, after }, tx);
      return after;
    });
  }
}
