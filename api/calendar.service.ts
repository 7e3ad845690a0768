import type { CalendarOverride } from '../calendar/calendar.repository';
import type { CalendarService } from '../calendar/calendar.service';
import type { WorkingDayCalendar } from '../calendar/working-days';
import type { Principal } from '../domain/principal';
import type { AuditRepository } from '../store/audit.repository';

/** Where a day's status comes from, as the calendar page shows it. */
export type DaySource = 'package' | 'override' | 'weekend' | 'weekday';

export interface YearDay {
  date: string;
  workday: boolean;
  name?: string;
  source: DaySource;
}

function overrideView(o: CalendarOverride) {
  return { date: o.date, kind: o.kind, name: o.name };
}

/**
 * The working-day calendar as the API offers it: due dates, a year at a glance, and the
 * administrators' overrides (through `calendar/calendar.service.ts`, audited here).
 */
export class CalendarApi {
  constructor(
    private readonly calendar: WorkingDayCalendar,
    private readonly overrides: CalendarService,
    private readonly audit: AuditRepository,
  ) {}

  /** The due date `days` working days after `from` (the day of `from` not counted). */
  workingDays(from: string, days: number) {
    return { from, days, dueDate: this.calendar.addWorkingDays(from, days) };
  }

  /** Every day of `year` with its status and why. */
  year(year: number): { year: number; days: YearDay[] } {
    const days: YearDay[] = [];
    for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const info = this.calendar.day(date);
      if (info.source === 'override') {
        days.push({ date, workday: info.workday, name: info.name, source: 'override' });
      } else if (info.name.includes(',')) {
        // the package names holidays and make-up days "English,中文,days"
        const chinese = info.name.split(',')[1] ?? info.name;
        days.push({ date, workday: info.workday, name: info.workday ? `${chinese}调休上班` : chinese, source: 'package' });
      } else {
        days.push({ date, workday: info.workday, source: info.workday ? 'weekday' : 'weekend' });
      }
    }
    return { year, days };
  }

  async list() {
    return (await this.overrides.list()).map(overrideView);
  }

  /** Sets the override of `date`, replacing an existing one. */
  async put(date: string, input: { kind: 'workday' | 'holiday'; name: string }, principal: Principal) {
    const existing = (await this.overrides.list()).find((o) => o.date === date);
    if (existing) await this.overrides.removeOverride(date);
    const saved = await this.overrides.addOverride({ date, ...input }, principal.id);
    await this.audit.record({ actor: principal.id, action: 'calendar.override.put', resource: 'calendar-override', resourceId: date, before: existing ? overrideView(existing) : null, after: overrideView(saved) });
    return overrideView(saved);
  }

  /** Removes the override of `date`. Throws `NotFound`. */
  async remove(date: string, principal: Principal): Promise<void> {
    const existing = (await this.overrides.list()).find((o) => o.date === date);
    await this.overrides.removeOverride(date);
    await this.audit.record({ actor: principal.id, action: 'calendar.override.delete', resource: 'calendar-override', resourceId: date, before: existing ? overrideView(existing) : null, after: null });
  }
}
