/** Process instances, filtered by process and state, each opening the instance view. */
import { t } from '../i18n';
import { api, query } from '../lib/api';
import { formatDateTime, stateLabel } from '../lib/format';
import { useResource } from '../lib/hooks';
import { processName } from '../lib/names';
import type { InstanceSummary, Page, ProcessSummary } from '../lib/types';
import { navigate } from '../router';
import type { PageProps } from '../routes';
import { Badge, ErrorBox, Loading, PageHeader, Pager } from '../components/ui';

export default function InstanceListPage({ search }: PageProps) {
  const bpmnProcessId = search.get('process') ?? '';
  const state = search.get('state') ?? 'ACTIVE';
  const page = Number(search.get('page')) || 1;
  const instances = useResource(() => api<Page<InstanceSummary>>(`/api/instances${query({ bpmnProcessId, state, page, pageSize: 20 })}`), [bpmnProcessId, state, page]);
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
          {(['ACTIVE', 'COMPLETED', 'TERMINATED'] as const).map((s) => (
            <option value={s}>{t(`instances.state.${s}`)}</option>
          ))}
        </select>
      </div>
      <ErrorBox error={instances.error} />
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
                <Badge kind={instance.state === 'ACTIVE' ? 'info' : 'muted'}>{stateLabel(instance.state)}</Badge>
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
