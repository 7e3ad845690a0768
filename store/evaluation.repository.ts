import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from './database';
import { evaluationProjects } from './schema';

export type EvaluationProjectRow = typeof evaluationProjects.$inferSelect;
export type EvaluationStatus = EvaluationProjectRow['status'];

/** All SQL over third-party evaluation projects (contract, plan, report, acceptance, payment, results). */
export class EvaluationRepository {
  constructor(private readonly db: Db) {}

  /** A new project: the steps not yet taken (procurement, contract, plan, report, ...) stay empty. */
  async insert(row: typeof evaluationProjects.$inferInsert): Promise<EvaluationProjectRow> {
    const [inserted] = await this.db.insert(evaluationProjects).values(row).returning();
    return inserted!;
  }

  async get(id: string): Promise<EvaluationProjectRow | undefined> {
    const [row] = await this.db.select().from(evaluationProjects).where(eq(evaluationProjects.id, id));
    return row;
  }

  /** The project a process instance works on. */
  async forProcessInstance(processInstanceKey: string): Promise<EvaluationProjectRow | undefined> {
    const [row] = await this.db.select().from(evaluationProjects).where(eq(evaluationProjects.processInstanceKey, processInstanceKey)).limit(1);
    return row;
  }

  /** Newest first; `evaluatorId` restricts to one evaluator's contracts. */
  list(filter: { evaluatorId?: string; status?: EvaluationStatus; documentId?: string }): Promise<EvaluationProjectRow[]> {
    const conditions: SQL[] = [];
    if (filter.evaluatorId) conditions.push(eq(evaluationProjects.evaluatorId, filter.evaluatorId));
    if (filter.status) conditions.push(eq(evaluationProjects.status, filter.status));
    if (filter.documentId) conditions.push(eq(evaluationProjects.documentId, filter.documentId));
    return this.db.select().from(evaluationProjects).where(and(...conditions)).orderBy(desc(evaluationProjects.createdAt), evaluationProjects.id);
  }

  async update(id: string, patch: Partial<Omit<EvaluationProjectRow, 'id'>>): Promise<EvaluationProjectRow> {
    const [updated] = await this.db.update(evaluationProjects).set(patch).where(eq(evaluationProjects.id, id)).returning();
    return updated!;
  }

  /** The documents an evaluator organisation evaluates (the only documents it may see). */
  async documentIdsOf(evaluatorId: string): Promise<string[]> {
    const rows = await this.db.selectDistinct({ documentId: evaluationProjects.documentId }).from(evaluationProjects).where(eq(evaluationProjects.evaluatorId, evaluatorId));
    return rows.map((row) => row.documentId);
  }
}
