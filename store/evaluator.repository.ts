import { asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Db } from './database';
import { containsPattern } from './document.repository';
import { evaluationProjects, evaluators } from './schema';

export type EvaluatorRow = typeof evaluators.$inferSelect;
export type EvaluatorKind = EvaluatorRow['kind'];

/** All SQL over the evaluator pool (评估机构库). */
export class EvaluatorRepository {
  constructor(private readonly db: Db) {}

  /** Inserts an evaluator; undefined when the id is taken. */
  async insert(row: EvaluatorRow): Promise<EvaluatorRow | undefined> {
    const [inserted] = await this.db.insert(evaluators).values(row).onConflictDoNothing({ target: evaluators.id }).returning();
    return inserted;
  }

  async get(id: string): Promise<EvaluatorRow | undefined> {
    const [row] = await this.db.select().from(evaluators).where(eq(evaluators.id, id));
    return row;
  }

  /** The pool by name; `q` matches name or qualifications literally. */
  list(filter: { q?: string; id?: string }): Promise<EvaluatorRow[]> {
    let where: SQL | undefined;
    if (filter.id) where = eq(evaluators.id, filter.id);
    else if (filter.q) where = or(ilike(evaluators.name, containsPattern(filter.q)), ilike(evaluators.qualifications, containsPattern(filter.q)));
    return this.db.select().from(evaluators).where(where).orderBy(asc(evaluators.name), asc(evaluators.id));
  }

  async update(id: string, patch: Partial<Omit<EvaluatorRow, 'id'>>): Promise<EvaluatorRow> {
    const [updated] = await this.db.update(evaluators).set(patch).where(eq(evaluators.id, id)).returning();
    return updated!;
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(evaluators).where(eq(evaluators.id, id));
  }

  /** How many evaluation projects name the evaluator. */
  async projectCount(id: string): Promise<number> {
    const [row] = await this.db.select({ total: count() }).from(evaluationProjects).where(eq(evaluationProjects.evaluatorId, id));
    return Number(row?.total ?? 0);
  }
}
