import { asc, eq } from 'drizzle-orm';
import type { Db } from '../store/database';
import { calendarOverrides } from '../store/schema';

/** One administrator correction of the official calendar. */
export type CalendarOverride = typeof calendarOverrides.$inferSelect;
export type OverrideKind = CalendarOverride['kind'];

/** All SQL of the working-day calendar: the `calendar_overrides` table. */
export class CalendarRepository {
  constructor(private readonly db: Db) {}

  /** Every override, oldest date first. */
  list(): Promise<CalendarOverride[]> {
    return this.db.select().from(calendarOverrides).orderBy(asc(calendarOverrides.date));
  }

  /** Inserts the override; false when that date already has one (nothing is changed then). */
  async insert(override: CalendarOverride): Promise<boolean> {
    const inserted = await this.db.insert(calendarOverrides).values(override).onConflictDoNothing().returning({ date: calendarOverrides.date });
    return inserted.length === 1;
  }

  /** Deletes the override of `date`; false when there was none. */
  async delete(date: string): Promise<boolean> {
    const deleted = await this.db.delete(calendarOverrides).where(eq(calendarOverrides.date, date)).returning({ date: calendarOverrides.date });
    return deleted.length === 1;
  }
}
