/** The roles of regimes.md plus the administrator and the supervisor. */
export const ROLES = ['admin', 'supervisor', 'general-office', 'drafting-dept', 'research-office', 'legal-office', 'leader', 'finance', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: a logged-in user as the services see them (never an HTTP object). */
export interface Principal {
  id: string;
  username: string;
  name: string;
  roles: Role[];
  /** The user's department (`dept-commerce`), office, or evaluator organisation; null for none. */
  departmentId: string | null;
  /** Candidate groups the user belongs to: the roles and the department id. */
  groups: string[];
}

/** The candidate groups of a user with these roles in this department. */
export function groupsOf(roles: readonly string[], departmentId: string | null): string[] {
  return [...new Set([...roles, ...(departmentId ? [departmentId] : [])])];
}

/** True when the principal holds at least one of the roles. */
export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}
