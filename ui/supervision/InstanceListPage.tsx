/**
 * Process instances, filtered by process and state, each opening the instance view. On Zeebe the
 * list is what this app observed: a notice says so, UNKNOWN instances show under all states, and
 * the completed filter (which Zeebe never reports to the app) is explained instead of failing.
 */
import { t } from '../i18n';
import { api, ApiError, query } from '../lib/api';
import { formatDateTime, stateLabel } from '../lib/format';
import { useResource } from '../lib/hooks';
import { processName } from '../lib/names';
import type { InstancePage, InstanceState, ProcessSummary } from '../lib/types';
import { navigate } from '../router';
import type { PageProps } from '../routes';
import { Badge, ErrorBox, Loading, PageHeader, Pager } from '../components/ui';
import { ObservedNotice } from './ObservedNotice';

/** The state filter: one state, or ALL (no filter; on Zeebe the only way to see UNKNOWN instances). */
const STATE_FILTERS = ['ACTIVE', 'COMPLETED', 'TERMINATED', 'ALL'] as const;

/** The badge of an instance state: running, unknown (look in Operate), or ended. */
export function stateBadgeKind(state: InstanceState | string): 'info' | 'warn' | 'muted' {
  return state === 'ACTIVE' ? 'info' : state === 'UNKNOWN' ? 'warn' : 'muted';
}

/** Zeebe refuses the completed filter: the app never sees an instance complete. */
function isCompletedNotObserved(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'NOT_SUPPORTED';
}

export default function InstanceListPage({ search }: PageProps) {
  const bpmnProcessId = search.get('process') ?? '';
  const state = search.get('state') ?? 'ACTIVE';
  const page = Number(search.get('page')) || 1;
  const instances = useResource(() => api<InstancePage>(`/api/instances${query({ bpmnProcessId, state: state === 'ALL' ? undefined : state, page, pageSize: 20 })}`), [bpmnProcessId, state, page]);
  const processes = useResource(() => api<ProcessSummary[]>('/api/definitions').catch(() => []), []);
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    navigate(`/supervision/instances?${next}`, true);
  };
  return (
    <section>
      <PageHeader title={t('instances.title')} />
      <div class="filters">
        <select value={bpmnProcessId} onChange={(e) => setParam('process', e.currentTarget.value)} aria-label={t('inbox.process')}>
          <option value="">{t('inbox.allProcesses')}</option>
          {(processes.data ?? []).map((p) => (
            <option value={p.bpmnProcessId}>{p.name ?? processName(p.bpmnProcessId)}</option>
          ))}
        </select>
        <select value={state} onChange={(e) => setParam('state', e.currentTarget.value)} aria-label={t('instances.state')}>
          {STATE_FILTERS.map((s) => (
            <option value={s}>{t(`instances.state.${s}`)}</option>
          ))}
        </select>
      </div>
      <ObservedNotice view={instances.data} kind="list" />
      {isCompletedNotObserved(instances.error) ? (
        <div class="notice" role="note" data-testid="completed-not-observed">
          {t('instances.completedNotObserved')}
        </div>
      ) : (
        <ErrorBox error={instances.error} />
      )}
      {instances.loading && !instances.data ? <Loading /> : null}
      <table class="table">
        <thead>
          <tr>
            <th>{t('instances.key')}</th>
            <th>{t('inbox.document')}</th>
            <th>{t('inbox.process')}</th>
            <th>{t('instances.state')}</th>
            <th>{t('instances.started')}</th>
            <th>{t('instances.ended')}</th>
          </tr>
        </thead>
        <tbody>
          {(instances.data?.items ?? []).map((instance) => (
            <tr>
              <td>
                <a href={`/supervision/instances/${encodeURIComponent(instance.processInstanceKey)}`}>{instance.processInstanceKey}</a>
              </td>
              <td>{instance.documentTitle ?? '—'}</td>
              <td>
                {processName(instance.bpmnProcessId)} v{instance.version}
              </td>
              <td>
                <Badge kind={stateBadgeKind(instance.state)}>{stateLabel(instance.state)}</Badge>
                {instance.startedHere === false ? <small class="muted"> {t('instances.notStartedHere')}</small> : null}
              </td>
              <td>{formatDateTime(instance.createdAt)}</td>
              <td>{formatDateTime(instance.endedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {instances.data && instances.data.items.length === 0 ? <p class="empty">{t('instances.none')}</p> : null}
      {instances.data ? <Pager page={instances.data.page} pageSize={instances.data.pageSize} total={instances.data.total} onPage={(p) => setParam('page', String(p))} /> : null}
    </section>
  );
}
