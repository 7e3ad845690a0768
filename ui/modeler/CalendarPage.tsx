/**
 * The working-day calendar of one year: official holidays, make-up workdays (调休) and weekends;
 * administrators add, change or remove overrides day by day.
 */
import { useState } from 'preact/hooks';
import { locale, t, type MessageKey } from '../i18n';
import { api } from '../lib/api';
import { todayInChina } from '../lib/format';
import { useResource } from '../lib/hooks';
import type { CalendarDay } from '../lib/types';
import { navigate } from '../router';
import type { PageProps } from '../routes';
import { describeError, ErrorBox, Loading, PageHeader } from '../components/ui';

interface YearAnswer {
  year: number;
  days: CalendarDay[];
}

/** The official holidays by the Chinese name the API gives (the chinese-days package's). */
const OFFICIAL_HOLIDAYS: Record<string, string> = {
  元旦: 'newYear',
  春节: 'springFestival',
  清明: 'tombSweeping',
  劳动节: 'labourDay',
  端午: 'dragonBoat',
  中秋: 'midAutumn',
  国庆节: 'nationalDay',
  中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日: 'victoryDay',
};
const MAKEUP_SUFFIX = '调休上班';

/** A day's name in the UI language: official holidays and make-up days translated, an administrator's name as entered. */
function dayName(day: Pick<CalendarDay, 'name' | 'source'>): string {
  if (!day.name || day.source !== 'package') return day.name ?? '';
  const makeup = day.name.endsWith(MAKEUP_SUFFIX);
  const holiday = OFFICIAL_HOLIDAYS[makeup ? day.name.slice(0, -MAKEUP_SUFFIX.length) : day.name];
  if (!holiday) return day.name;
  const name = t(`calendar.official.${holiday}` as MessageKey);
  return makeup ? t('calendar.makeupFor', { holiday: name }) : name;
}

/** Classes of a day cell: what kind of day it is and where that came from. */
function dayClass(day: CalendarDay): string {
  const weekday = new Date(`${day.date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const kind = day.workday ? (weekend ? 'makeup' : 'work') : weekend && !day.name ? 'weekend' : 'holiday';
  return `day day-${kind}${day.source === 'override' ? ' day-override' : ''}`;
}

export default function CalendarPage({ search }: PageProps) {
  const year = Number(search.get('year')) || Number(todayInChina().slice(0, 4));
  const calendar = useResource(() => api<YearAnswer>(`/api/calendar/year/${year}`), [year]);
  const [selected, setSelected] = useState<CalendarDay | null>(null);
  const months = Array.from({ length: 12 }, (_, month) => (calendar.data?.days ?? []).filter((day) => Number(day.date.slice(5, 7)) === month + 1));
  const monthName = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  const weekdays = t('calendar.weekdays').split(',');
  return (
    <section>
      <PageHeader title={t('calendar.title', { year })}>
        <button type="button" onClick={() => navigate(`/admin/calendar?year=${year - 1}`)}>
          ← {year - 1}
        </button>
        <button type="button" onClick={() => navigate(`/admin/calendar?year=${year + 1}`)}>
          {year + 1} →
        </button>
      </PageHeader>
      <div class="legend calendar-legend">
        <span class="day day-work">1</span> {t('calendar.workday')}
        <span class="day day-weekend">1</span> {t('calendar.weekend')}
        <span class="day day-holiday">1</span> {t('calendar.holiday')}
        <span class="day day-makeup">1</span> {t('calendar.makeup')}
        <span class="day day-work day-override">1</span> {t('calendar.override')}
      </div>
      <ErrorBox error={calendar.error} />
      {calendar.loading && !calendar.data ? <Loading /> : null}
      <div class="calendar-layout">
        <div class="months" data-testid="calendar">
          {months.map((days, index) => {
            const first = days[0];
            // Monday-first grid: blank cells before the 1st
            const offset = first ? (new Date(`${first.date}T00:00:00Z`).getUTCDay() + 6) % 7 : 0;
            return (
              <div class="month">
                <h3>{monthName.format(new Date(Date.UTC(year, index, 1)))}</h3>
                <div class="month-grid">
                  {weekdays.map((name) => (
                    <span class="weekday">{name}</span>
                  ))}
                  {Array.from({ length: offset }, () => (
                    <span />
                  ))}
                  {days.map((day) => (
                    <button
                      type="button"
                      class={`${dayClass(day)}${selected?.date === day.date ? ' day-selected' : ''}`}
                      title={dayName(day)}
                      data-date={day.date}
                      onClick={() => setSelected(day)}
                    >
                      {Number(day.date.slice(8))}
                    </button>
                  ))}
                </div>
              </div>
            );
          })}
        </div>
        <aside class="side-panel">
          {selected ? (
            <DayEditor
              key={selected.date}
              day={selected}
              onChanged={() => {
                setSelected(null);
                calendar.reload();
              }}
            />
          ) : (
            <p class="muted">{t('calendar.pick')}</p>
          )}
        </aside>
      </div>
    </section>
  );
}

/** Sets or removes the override of one day. */
function DayEditor({ day, onChanged }: { day: CalendarDay; onChanged: () => void }) {
  const [kind, setKind] = useState<'holiday' | 'workday'>(day.workday ? 'holiday' : 'workday');
  const [name, setName] = useState(day.name ?? '');
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      onChanged();
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  const path = `/api/calendar/overrides/${day.date}`;
  return (
    <form
      class="stack"
      onSubmit={(event) => {
        event.preventDefault();
        void run(() => api(path, { method: 'PUT', body: { kind, name: name.trim() } }));
      }}
    >
      <h3>{day.date}</h3>
      <p>
        {day.workday ? t('calendar.isWorkday') : t('calendar.isRestDay')}
        {day.name ? ` · ${dayName(day)}` : ''} <span class="muted">({t(`calendar.source.${day.source}`)})</span>
      </p>
      <label>
        {t('calendar.setAs')}
        <select value={kind} onChange={(e) => setKind(e.currentTarget.value as 'holiday' | 'workday')}>
          <option value="holiday">{t('calendar.holiday')}</option>
          <option value="workday">{t('calendar.makeup')}</option>
        </select>
      </label>
      <label>
        {t('calendar.name')}
        <input value={name} required maxLength={50} placeholder={t('calendar.namePlaceholder')} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary">
        {t('calendar.save')}
      </button>
      {day.source === 'override' ? (
        <button type="button" class="danger" onClick={() => void run(() => api(path, { method: 'DELETE' }))}>
          {t('calendar.remove')}
        </button>
      ) : null}
      {error ? <div class="error">{error}</div> : null}
    </form>
  );
}
