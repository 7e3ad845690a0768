import { firstDue, nextDue, TimerDefinitionError, type TimerDefinition, type TimerKind } from './timer-schedule';

const at = (iso: string): number => Date.parse(iso);
const SECOND = 1_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('timer schedule', () => {
  describe('duration', () => {
    it.each([
      ['PT15S', 15 * SECOND],
      ['PT1H30M', 90 * 60 * SECOND],
      ['P3D', 3 * DAY],
      ['P1W', 7 * DAY],
      ['PT1.5S', 1_500],
      ['P1DT2H', DAY + 2 * HOUR],
    ])('fires %s after it was armed, once', (value, offset) => {
      // given
      const now = at('2026-03-10T08:00:00Z');

      // when
      const due = firstDue({ kind: 'duration', value }, now);

      // then
      expect(due).toEqual({ dueAt: now + offset, repetitions: 0 });
    });

    it('adds years and months on the calendar', () => {
      // given
      const now = at('2026-01-15T10:00:00Z');

      // when
      const due = firstDue({ kind: 'duration', value: 'P1Y2M' }, now);

      // then
      expect(due.dueAt).toBe(at('2027-03-15T10:00:00Z'));
    });

    it('clamps a month added to 31 January to the end of February', () => {
      // given
      const endOfJanuary = at('2026-01-31T12:00:00Z');
      const endOfJanuaryInLeapYear = at('2028-01-31T12:00:00Z');

      // when
      const due = firstDue({ kind: 'duration', value: 'P1M' }, endOfJanuary);
      const leapDue = firstDue({ kind: 'duration', value: 'P1M' }, endOfJanuaryInLeapYear);

      // then
      expect(due.dueAt).toBe(at('2026-02-28T12:00:00Z'));
      expect(leapDue.dueAt).toBe(at('2028-02-29T12:00:00Z'));
    });

    it('is due immediately when zero or negative, as Zeebe documents', () => {
      // given
      const now = at('2026-03-10T08:00:00Z');

      // when
      const zero = firstDue({ kind: 'duration', value: 'PT0S' }, now);
      const negative = firstDue({ kind: 'duration', value: '-PT10S' }, now);

      // then
      expect(zero.dueAt).toBe(now);
      expect(negative.dueAt).toBeLessThanOrEqual(now);
    });

    it('never repeats', () => {
      // given
      const def: TimerDefinition = { kind: 'duration', value: 'PT15S' };

      // when
      const next = nextDue(def, at('2026-03-10T08:00:15Z'), -1);

      // then
      expect(next).toBeUndefined();
    });
  });

  describe('date', () => {
    it.each([
      ['2026-12-01T09:00:00Z', '2026-12-01T09:00:00Z'],
      ['2026-12-01T09:00:00+08:00', '2026-12-01T01:00:00Z'],
      ['2026-12-01T09:00:00+08:00[Asia/Shanghai]', '2026-12-01T01:00:00Z'],
      ['2026-12-01T09:00Z', '2026-12-01T09:00:00Z'],
      ['2026-12-01T09:00:00.250-05:00', '2026-12-01T14:00:00.250Z'],
    ])('fires once at %s', (value, instant) => {
      // given
      const now = at('2026-03-10T08:00:00Z');

      // when
      const due = firstDue({ kind: 'date', value }, now);

      // then
      expect(due).toEqual({ dueAt: at(instant), repetitions: 0 });
    });

    it('keeps a date already past, so it fires immediately', () => {
      // given
      const now = at('2026-03-10T08:00:00Z');

      // when
      const due = firstDue({ kind: 'date', value: '2026-01-01T00:00:00Z' }, now);

      // then
      expect(due.dueAt).toBe(at('2026-01-01T00:00:00Z'));
      expect(nextDue({ kind: 'date', value: '2026-01-01T00:00:00Z' }, due.dueAt, -1)).toBeUndefined();
    });
  });

  describe('cycle with a repeating interval', () => {
    it('fires R5/PT10S five times, ten seconds apart, counting down repetitions', () => {
      // given
      const def: TimerDefinition = { kind: 'cycle', value: 'R5/PT10S' };
      const now = at('2026-03-10T08:00:00Z');

      // when
      const firings = [firstDue(def, now)];
      for (let next = nextDue(def, now + 10 * SECOND, 4); next; next = nextDue(def, next.dueAt, next.repetitions)) {
        firings.push(next);
      }

      // then
      expect(firings).toEqual([10, 20, 30, 40, 50].map((s, i) => ({ dueAt: now + s * SECOND, repetitions: 4 - i })));
    });

    it('repeats R/PT1H forever', () => {
      // given
      const def: TimerDefinition = { kind: 'cycle', value: 'R/PT1H' };
      const now = at('2026-03-10T08:00:00Z');

      // when
      const first = firstDue(def, now);
      const second = nextDue(def, first.dueAt, first.repetitions);

      // then
      expect(first).toEqual({ dueAt: now + HOUR, repetitions: -1 });
      expect(second).toEqual({ dueAt: now + 2 * HOUR, repetitions: -1 });
    });

    it('fires a yearly cleanup first at its start, then every 1 December', () => {
      // given
      const def: TimerDefinition = { kind: 'cycle', value: 'R/2026-12-01T09:00:00+08:00/P1Y' };
      const deployedAt = at('2026-06-15T00:00:00Z');

      // when
      const first = firstDue(def, deployedAt);
      const second = nextDue(def, first.dueAt, first.repetitions);
      const third = nextDue(def, second!.dueAt, second!.repetitions);

      // then
      expect(first).toEqual({ dueAt: at('2026-12-01T01:00:00Z'), repetitions: -1 });
      expect(second).toEqual({ dueAt: at('2027-12-01T01:00:00Z'), repetitions: -1 });
      expect(third).toEqual({ dueAt: at('2028-12-01T01:00:00Z'), repetitions: -1 });
    });

    it('counts the start as the first of R3 firings', () => {
      // given
      const def: TimerDefinition = { kind: 'cycle', value: 'R3/2026-12-01T09:00:00Z/P1D' };

      // when
      const first = firstDue(def, at('2026-11-01T00:00:00Z'));
      const second = nextDue(def, first.dueAt, first.repetitions);
      const third = nextDue(def, second!.dueAt, second!.repetitions);
      const fourth = nextDue(def, third!.dueAt, third!.repetitions);

      // then
      expect([first, second, third]).toEqual([
        { dueAt: at('2026-12-01T09:00:00Z'), repetitions: 2 },
        { dueAt: at('2026-12-02T09:00:00Z'), repetitions: 1 },
        { dueAt: at('2026-12-03T09:00:00Z'), repetitions: 0 },
      ]);
      expect(fourth).toBeUndefined();
    });

    it('fires one interval after arming when the start is already past, as Zeebe 8.5 does', () => {
      // given
      const def: TimerDefinition = { kind: 'cycle', value: 'R3/2020-01-01T00:00:00Z/P1D' };
      const now = at('2026-03-10T08:30:00Z');

      // when
      const due = firstDue(def, now);
      const onTheStart = firstDue(def, at('2020-01-01T00:00:00Z'));

      // then
      expect(due).toEqual({ dueAt: at('2026-03-11T08:30:00Z'), repetitions: 2 });
      expect(onTheStart.dueAt).toBe(at('2020-01-02T00:00:00Z'));
    });

    it('adds each month to the previous due time, so 31 January continues on the 28th', () => {
      // given
      const def: TimerDefinition = { kind: 'cycle', value: 'R/2026-01-31T00:00:00Z/P1M' };

      // when
      const first = firstDue(def, at('2026-01-01T00:00:00Z'));
      const second = nextDue(def, first.dueAt, -1);
      const third = nextDue(def, second!.dueAt, -1);

      // then
      expect([first.dueAt, second!.dueAt, third!.dueAt]).toEqual([
        at('2026-01-31T00:00:00Z'),
        at('2026-02-28T00:00:00Z'),
        at('2026-03-28T00:00:00Z'),
      ]);
    });

    it('follows daylight saving time with a zone id, but not with a bare offset', () => {
      // given
      const zoned: TimerDefinition = { kind: 'cycle', value: 'R/2026-03-28T09:00:00+01:00[Europe/Berlin]/P1D' };
      const offsetOnly: TimerDefinition = { kind: 'cycle', value: 'R/2026-03-28T09:00:00+01:00/P1D' };
      const start = at('2026-03-28T08:00:00Z');

      // when
      const zonedNext = nextDue(zoned, start, -1);
      const offsetNext = nextDue(offsetOnly, start, -1);

      // then
      expect(zonedNext!.dueAt).toBe(at('2026-03-29T07:00:00Z'));
      expect(offsetNext!.dueAt).toBe(at('2026-03-29T08:00:00Z'));
    });
  });

  describe('cycle with a cron expression', () => {
    it('fires on weekdays only', () => {
      // given
      const def: TimerDefinition = { kind: 'cycle', value: '0 0 9 * * MON-FRI' };
      const fridayAfterNine = at('2026-01-02T10:00:00Z');

      // when
      const first = firstDue(def, fridayAfterNine);
      const second = nextDue(def, first.dueAt, first.repetitions);

      // then
      expect(first).toEqual({ dueAt: at('2026-01-05T09:00:00Z'), repetitions: -1 });
      expect(second).toEqual({ dueAt: at('2026-01-06T09:00:00Z'), repetitions: -1 });
    });

    it('fires a yearly cleanup on 1 December at midnight UTC', () => {
      // given
      const def: TimerDefinition = { kind: 'cycle', value: '0 0 0 1 12 *' };

      // when
      const first = firstDue(def, at('2026-06-15T12:00:00Z'));
      const second = nextDue(def, first.dueAt, first.repetitions);

      // then
      expect(first.dueAt).toBe(at('2026-12-01T00:00:00Z'));
      expect(second!.dueAt).toBe(at('2027-12-01T00:00:00Z'));
    });

    it('fires strictly after the time it is armed or last fired at', () => {
      // given
      const def: TimerDefinition = { kind: 'cycle', value: '0 0 9 * * *' };
      const nineSharp = at('2026-03-10T09:00:00Z');

      // when
      const armedOnTheDot = firstDue(def, nineSharp);
      const afterFiring = nextDue(def, nineSharp, -1);

      // then
      expect(armedOnTheDot.dueAt).toBe(at('2026-03-11T09:00:00Z'));
      expect(afterFiring!.dueAt).toBe(at('2026-03-11T09:00:00Z'));
    });

    it('requires both day of month and day of week to match, as Spring does', () => {
      // given
      const fridayThe13th: TimerDefinition = { kind: 'cycle', value: '0 0 0 13 * FRI' };

      // when
      const due = firstDue(fridayThe13th, at('2026-01-01T00:00:00Z'));

      // then
      expect(due.dueAt).toBe(at('2026-02-13T00:00:00Z'));
    });

    it.each([
      ['@daily', '2026-03-11T00:00:00Z'],
      ['@midnight', '2026-03-11T00:00:00Z'],
      ['@hourly', '2026-03-10T09:00:00Z'],
      ['@weekly', '2026-03-15T00:00:00Z'],
      ['@monthly', '2026-04-01T00:00:00Z'],
      ['@yearly', '2027-01-01T00:00:00Z'],
      ['0 0 0 * * 7', '2026-03-15T00:00:00Z'],
    ])('understands %s', (value, instant) => {
      // given
      const tuesdayMorning = at('2026-03-10T08:30:00Z');

      // when
      const due = firstDue({ kind: 'cycle', value }, tuesdayMorning);

      // then
      expect(due).toEqual({ dueAt: at(instant), repetitions: -1 });
    });
  });

  describe('invalid definitions', () => {
    it.each<[TimerKind, string]>([
      ['duration', 'P'],
      ['duration', 'PT'],
      ['duration', 'P1DT'],
      ['duration', '15 minutes'],
      ['duration', ''],
      ['date', '2026-12-01T09:00:00'],
      ['date', '2026-12-01T09:00:00[Europe/Berlin]'],
      ['date', '2026-12-01'],
      ['date', '2026-02-30T09:00:00Z'],
      ['date', '2026-12-01T09:00:00+01:00[Mars/Olympus]'],
      ['cycle', 'R0/PT10S'],
      ['cycle', 'R5/PT0S'],
      ['cycle', 'R/-PT1H'],
      ['cycle', 'R5/'],
      ['cycle', 'R5//PT10S'],
      ['cycle', 'Rx/PT10S'],
      ['cycle', 'R/2026-12-01T09:00:00/P1D'],
      ['cycle', 'R99999999999/PT1S'],
      ['cycle', '0 9 * * *'],
      ['cycle', '0 0 9 * * * 2026'],
      ['cycle', '60 * * * * *'],
      ['cycle', '* * * * * 8'],
      ['cycle', 'H 0 0 * * *'],
      ['cycle', '@weekdays'],
      ['cycle', '0 0 0 31 6 *'],
      ['cycle', 'every day'],
    ])('rejects %s %p, naming it', (kind, value) => {
      // given
      const def: TimerDefinition = { kind, value };

      // when
      const arming = () => firstDue(def, at('2026-03-10T08:00:00Z'));

      // then
      expect(arming).toThrow(TimerDefinitionError);
      expect(arming).toThrow(`'${value}'`);
    });

    it('rejects an unknown timer kind', () => {
      // given
      const def = { kind: 'sometimes', value: 'PT1S' } as unknown as TimerDefinition;

      // when
      const arming = () => firstDue(def, 0);

      // then
      expect(arming).toThrow(TimerDefinitionError);
    });

    it('stops after the last repetition and refuses a nonsensical count', () => {
      // given
      const def: TimerDefinition = { kind: 'cycle', value: 'R5/PT10S' };

      // when
      const afterLast = nextDue(def, 0, 0);
      const withBadCount = () => nextDue(def, 0, -2);

      // then
      expect(afterLast).toBeUndefined();
      expect(withBadCount).toThrow(RangeError);
    });
  });
});
