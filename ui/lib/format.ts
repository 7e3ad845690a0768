/** Dates and times shown in China Standard Time, in the UI language. */
import { locale, t } from '../i18n';

const dateFormat = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(locale, {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A date like 2026-11-27 (or the locale's form); '—' for nothing. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value.length === 10 ? `${value}T00:00:00+08:00` : value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

/** A date and time to the minute; '—' for nothing. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date);
}

/** Today in China Standard Time as YYYY-MM-DD. */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

const STATES = ['ACTIVE', 'COMPLETED', 'TERMINATED', 'UNKNOWN'] as const;

/** A process instance state in words ('运行中'; UNKNOWN on Zeebe: '未知（需在 Operate 中查看）'); any other state as it came. */
export function stateLabel(state: string): string {
  return (STATES as readonly string[]).includes(state) ? t(`instances.state.${state as (typeof STATES)[number]}`) : state;
}

/** The lifecycle states of a policy document (api/documents.service.ts DOCUMENT_STATUSES). */
const DOCUMENT_STATUSES = ['drafting', 'consultation', 'review', 'signed', 'published', 'amending', 'abolished', 'invalid'] as const;

/** A document's status in the UI language; an unknown status as it came, '—' for none. */
export function documentStatusLabel(status: string | null | undefined): string {
  if (!status) return '—';
  return (DOCUMENT_STATUSES as readonly string[]).includes(status) ? t(`document.status.${status as (typeof DOCUMENT_STATUSES)[number]}`) : status;
}
