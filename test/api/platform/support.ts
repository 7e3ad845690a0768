import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Role } from '../../../domain/principal';
import { queryRows, type Db } from '../../../store/database';
import type { TestApi } from '../../support/api-harness';

/** `Authorization` header value. */
export const bearer = (token: string) => `Bearer ${token}`;

/** A shipped diagram, `processes/<id>.bpmn`. */
export function shippedProcess(id: string): string {
  return fs.readFileSync(path.resolve('processes', `${id}.bpmn`), 'utf8');
}

/** A file of test/engine/fixtures or test/fixtures/deploy. */
export function fixture(name: string, dir: 'engine' | 'deploy' = 'engine'): string {
  return fs.readFileSync(path.resolve(dir === 'engine' ? 'test/engine/fixtures' : 'test/fixtures/deploy', name), 'utf8');
}

/** Every role, in the order of domain/principal.ts. */
export const ALL_ROLES: Role[] = ['admin', 'supervisor', 'general-office', 'drafting-dept', 'research-office', 'legal-office', 'leader', 'finance', 'evaluator'];

/** One token per role (a drafting-dept user of `dept-commerce`, an evaluator of `evaluator-acme`). */
export async function tokensByRole(api: TestApi): Promise<Record<Role, string>> {
  const entries = await Promise.all(
    ALL_ROLES.map(async (role) => {
      const departmentId = role === 'drafting-dept' ? 'dept-commerce' : role === 'evaluator' ? 'evaluator-acme' : null;
      return [role, await api.tokenFor({ id: `u-${role}`, roles: [role], departmentId })] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Role, string>;
}

/** Row counts of the tables a request could change, to prove that nothing changed. */
export async function rowCounts(db: Db, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from "${table}"`));
    counts[table] = row!.n;
  }
  return counts;
}
