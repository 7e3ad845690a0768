import { ControlledClock } from '../engine/clock';
import type { Database } from '../store/database';
import { calendarOverrides } from '../store/schema';
import { openTestDatabase } from '../test/support/database';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import { WorkingDayCalendar } from './working-days';

// PGlite in memory, or a fresh database on the TEST_DATABASE_URL server
describe('WorkingDayCalendar', () => {
  let database: Database;
  let repository: CalendarRepository;
  let calendar: WorkingDayCalendar;
  let service: CalendarService;
  const clock = new ControlledClock();

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  beforeEach(async () => {
    await database.db.delete(calendarOverrides);
    repository = new CalendarRepository(database.db);
    calendar = await WorkingDayCalendar.load(repository);
    clock.pin(Date.UTC(2026, 11, 1));
    service = new CalendarService(repository, calendar, clock);
  });

  describe('the official 2026 arrangement', () => {
    it.each([
      ['2026-01-01', false, '元旦'],
      ['2026-01-04', true, 'Sunday worked after New Year'],
      ['2026-02-14', true, 'Saturday worked before Spring Festival'],
      ['2026-02-15', false, 'Spring Festival starts'],
      ['2026-02-23', false, 'Spring Festival ends'],
      ['2026-02-24', true, 'first day back'],
      ['2026-02-28', true, 'Saturday worked after Spring Festival'],
      ['2026-05-09', true, 'Saturday worked after Labour Day'],
      ['2026-09-20', true, 'Sunday worked before National Day'],
      ['2026-09-25', false, 'Mid-autumn (Friday)'],
      ['2026-10-01', false, 'National Day'],
      ['2026-10-07', false, 'last day of Golden Week'],
      ['2026-10-10', true, 'Saturday worked after National Day'],
      ['2026-10-11', false, 'an ordinary Sunday'],
      ['2026-11-27', true, 'an ordinary Friday'],
    ])('%s is a workday: %s (%s)', (date, workday) => {
      // when / then
      expect(calendar.isWorkday(date)).toBe(workday);
    });
  });

  describe('addWorkingDays', () => {
    it.each([
      ['2026-09-25', 5, '2026-10-09', 'from the Mid-autumn Friday: 28, 29, 30 Sep, 8, 9 Oct'],
      ['2026-09-28', 5, '2026-10-10', 'ends on the make-up Saturday'],
      ['2026-09-30', 1, '2026-10-08', 'the day after the holiday'],
      ['2026-02-13', 5, '2026-02-27', 'counts the make-up Saturday 14 Feb, then 24–27 Feb'],
      ['2026-02-20', 1, '2026-02-24', 'from inside the holiday'],
      ['2026-11-27', 1, '2026-11-30', 'over an ordinary weekend'],
    ])('%s + %i working days = %s (%s)', (from, n, expected) => {
      // when / then
      expect(calendar.addWorkingDays(from, n)).toBe(expected);
    });

    it('rejects a period that is not a positive whole number', () => {
      // when / then
      expect(() => calendar.addWorkingDays('2026-01-05', 0)).toThrow(Invalid);
      expect(() => calendar.addWorkingDays('2026-01-05', 1.5)).toThrow(Invalid);
      expect(() => calendar.addWorkingDays('5 Jan', 1)).toThrow(Invalid);
    });
  });

  describe('addCalendarDays and dueAt', () => {
    it('counts calendar days from the next day, whatever their kind', () => {
      // when / then
      expect(calendar.addCalendarDays('2026-09-16', 15)).toBe('2026-10-01');
    });

    it('a period in days ending on a rest day falls due on the next working day', () => {
      // when / then
      expect(calendar.dueAt('2026-09-16', { days: 15 })).toBe('2026-10-08T18:00:00+08:00');
      expect(calendar.dueAt('2026-09-15', { days: 15 })).toBe('2026-09-30T18:00:00+08:00');
    });

    it('reads a date-time as a date in China and honours the time of day', () => {
      // when / then: 23:30 UTC on 27 Sep is 07:30 on Monday 28 Sep in Beijing
      expect(calendar.dueAt('2026-09-27T23:30:00Z', { workingDays: 5 }, '09:00')).toBe('2026-10-10T09:00:00+08:00');
      expect(() => calendar.dueAt('2026-09-28', { workingDays: 5 }, '25:00')).toThrow(Invalid);
    });
  });

  describe('overrides', () => {
    it('an entered 2027 make-up workday and holiday win over the weekend rule', async () => {
      // given a year the package does not know yet
      expect(calendar.knowsYear(2026)).toBe(true);
      expect(calendar.knowsYear(2027)).toBe(false);

      // when
      await service.addOverride({ date: '2027-10-09', kind: 'workday', name: '国庆节调休上班' }, 'admin');
      await service.addOverride({ date: '2027-10-01', kind: 'holiday', name: '国庆节' }, 'admin');

      // then
      expect(calendar.day('2027-10-09')).toEqual({ date: '2027-10-09', workday: true, name: '国庆节调休上班', source: 'override' });
      expect(calendar.isWorkday('2027-10-01')).toBe(false);
      expect(calendar.knowsYear(2027)).toBe(true);
      expect(await service.list()).toEqual([
        { date: '2027-10-01', kind: 'holiday', name: '国庆节', createdBy: 'admin', createdAt: clock.now() },
        { date: '2027-10-09', kind: 'workday', name: '国庆节调休上班', createdBy: 'admin', createdAt: clock.now() },
      ]);
    });

    it('a fresh calendar loads stored overrides; removing one restores the official day', async () => {
      // given
      await service.addOverride({ date: '2026-10-10', kind: 'holiday', name: '取消调休' }, 'admin');
      expect((await WorkingDayCalendar.load(repository)).isWorkday('2026-10-10')).toBe(false);

      // when
      await service.removeOverride('2026-10-10');

      // then
      expect(calendar.isWorkday('2026-10-10')).toBe(true);
    });

    it('rejects invalid input, a second override of a date, and removing a missing one', async () => {
      // given
      await service.addOverride({ date: '2027-01-01', kind: 'holiday', name: '元旦' }, 'admin');

      // when / then
      await expect(service.addOverride({ date: '2027-02-30', kind: 'holiday', name: 'x' }, 'admin')).rejects.toThrow(Invalid);
      await expect(service.addOverride({ date: '2027-01-02', kind: 'weekend' as never, name: '' }, 'admin')).rejects.toMatchObject({ issues: [expect.stringContaining('kind'), expect.stringContaining('name')] });
      await expect(service.addOverride({ date: '2027-01-01', kind: 'workday', name: '补班' }, 'admin')).rejects.toThrow(Conflict);
      await expect(service.removeOverride('2027-01-03')).rejects.toThrow(NotFound);
      await expect(service.removeOverride('tomorrow')).rejects.toThrow(Invalid);
    });
  });
});
