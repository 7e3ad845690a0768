/** Small shared pieces: loading and error states, pager, status badges. */
import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import { ApiError } from '../lib/api';
import { pagerState } from '../lib/paging';

/** A quiet "loading…" line. */
export function Loading() {
  return <p class="loading" role="status">{t('common.loading')}</p>;
}

/** The message of an error from the API (or any error), in a red box; nothing when there is none. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div class="error" role="alert">
      {describeError(error)}
    </div>
  );
}

/** Human text for an error: our own words for the common codes, else the server's message. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t('error.unauthenticated');
    if (error.status === 403) return t('error.forbidden');
    if (error.status === 404) return t('error.notFound');
    if (error.status === 409) return `${t('error.conflict')} ${error.message}`;
    if (error.status === 429) return t('error.rateLimited');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Previous / next pager for `{items, total, page, pageSize}` answers; with `totalIsLowerBound` the
 * total shows as `10000+` and the next page stays available while this one is full.
 */
export function Pager({
  page,
  pageSize,
  total,
  totalIsLowerBound,
  itemCount,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  totalIsLowerBound?: boolean;
  /** Rows on this page (needed with `totalIsLowerBound`). */
  itemCount?: number;
  onPage: (page: number) => void;
}) {
  const state = pagerState({ page, pageSize, total, totalIsLowerBound, itemCount: itemCount ?? 0 });
  return (
    <div class="pager" data-testid="pager">
      <button type="button" disabled={!state.hasPrevious} onClick={() => onPage(page - 1)}>
        {t('common.previous')}
      </button>
      <span>{t('common.pageOf', { page, pages: state.pagesLabel, total: state.totalLabel })}</span>
      <button type="button" disabled={!state.hasNext} onClick={() => onPage(page + 1)}>
        {t('common.next')}
      </button>
    </div>
  );
}

/** A coloured label. */
export function Badge({ kind, children }: { kind: 'overdue' | 'ok' | 'info' | 'muted' | 'warn'; children: ComponentChildren }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

/** A page heading with optional actions on the right. */
export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <h1>{title}</h1>
      <div class="actions">{children}</div>
    </div>
  );
}
