import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './database';
import { forms } from './schema';

export type FormRow = typeof forms.$inferSelect;

/** All SQL of the `forms` table. */
export class FormRepository {
  constructor(private readonly db: Db) {}

  /** Every form without its schema, by id. */
  list(): Promise<Pick<FormRow, 'id' | 'name' | 'version' | 'updatedAt'>[]> {
    return this.db.select({ id: forms.id, name: forms.name, version: forms.version, updatedAt: forms.updatedAt }).from(forms).orderBy(asc(forms.id));
  }

  async find(id: string): Promise<FormRow | undefined> {
    return (await this.db.select().from(forms).where(eq(forms.id, id)).limit(1))[0];
  }

  /** Inserts the form unless its id exists; true when inserted. */
  async insertMissing(row: FormRow): Promise<boolean> {
    const inserted = await this.db.insert(forms).values(row).onConflictDoNothing().returning({ id: forms.id });
    return inserted.length === 1;
  }

  /**
   * Writes a new schema: inserts version 1, or replaces the schema of `expectedVersion` with
   * `expectedVersion + 1`. Returns the stored row, or undefined when someone else saved in between.
   */
  async save(row: Omit<FormRow, 'version'>, expectedVersion: number | undefined): Promise<FormRow | undefined> {
    if (expectedVersion === undefined) {
      const [inserted] = await this.db.insert(forms).values({ ...row, version: 1 }).onConflictDoNothing().returning();
      return inserted;
    }
    const [updated] = await this.db
      .update(forms)
      .set({ name: row.name, schema: row.schema, updatedAt: row.updatedAt, updatedBy: row.updatedBy, version: expectedVersion + 1 })
      .where(and(eq(forms.id, row.id), eq(forms.version, expectedVersion)))
      .returning();
    return updated;
  }
}
