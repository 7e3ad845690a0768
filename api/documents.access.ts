import { Forbidden, NotFound } from '../domain/errors';
import { hasRole, type Principal, type Role } from '../domain/principal';
import type { Db } from '../store/database';
import { DocumentRepository, type DocumentRow } from '../store/document.repository';
import { EvaluationRepository } from '../store/evaluation.repository';

/**
 * Who may see and act on a document's records (the rules every records service shares):
 * - staff (any role other than `evaluator`) see every document and its records;
 * - an evaluator organisation's user sees only the documents of its own evaluation projects,
 *   and for any other document gets 404 (it may not even learn that the document exists);
 * - the drafting department (a user whose department is the document's `draftingDept`) manages
 *   the document; the General Office and the administrator may manage it too.
 */

/** True for every role but the evaluator's: the city's own staff. */
export function isStaff(principal: Principal): boolean {
  return principal.roles.some((role) => role !== 'evaluator');
}

/** True for a user of an evaluator organisation (its department id is the evaluator id) without any staff role. */
export function isEvaluatorOnly(principal: Principal): boolean {
  return !isStaff(principal) && hasRole(principal, 'evaluator');
}

/** True when the principal works in the document's drafting department. */
export function isDrafterOf(principal: Principal, document: Pick<DocumentRow, 'draftingDept'>): boolean {
  return principal.departmentId !== null && principal.departmentId === document.draftingDept;
}

/** Drafting department, General Office or administrator. */
export function mayManageDocument(principal: Principal, document: Pick<DocumentRow, 'draftingDept'>): boolean {
  return isDrafterOf(principal, document) || hasRole(principal, 'general-office', 'admin');
}

/** Throws Forbidden unless the principal holds one of the roles. */
export function requireRoles(principal: Principal, ...roles: Role[]): void {
  if (!hasRole(principal, ...roles)) throw new Forbidden(`this needs one of the roles: ${roles.join(', ')}`);
}

/** Throws Forbidden unless the principal may manage the document. */
export function requireManager(principal: Principal, document: DocumentRow): void {
  if (!mayManageDocument(principal, document)) throw new Forbidden('only the drafting department, the General Office or an administrator may change this document');
}

/** The document if the principal may see it; NotFound when it does not exist or is hidden from them. */
export async function visibleDocument(db: Db, principal: Principal, id: string): Promise<DocumentRow> {
  const document = await new DocumentRepository(db).get(id);
  if (!document) throw new NotFound(`document ${id} not found`);
  if (isStaff(principal)) return document;
  if (isEvaluatorOnly(principal) && principal.departmentId) {
    const own = await new EvaluationRepository(db).documentIdsOf(principal.departmentId);
    if (own.includes(id)) return document;
    throw new NotFound(`document ${id} not found`);
  }
  throw new Forbidden('no role that may read documents');
}

/** The ids of the documents the principal may see; undefined = all of them. */
export async function visibleDocumentIds(db: Db, principal: Principal): Promise<string[] | undefined> {
  if (isStaff(principal)) return undefined;
  if (isEvaluatorOnly(principal) && principal.departmentId) return new EvaluationRepository(db).documentIdsOf(principal.departmentId);
  return [];
}
