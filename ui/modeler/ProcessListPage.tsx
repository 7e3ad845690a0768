/** Administrators' process list: every deployed process, its versions, open one, compare two. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { useResource } from '../lib/hooks';
import type { ProcessDetail, ProcessSummary } from '../lib/types';
import { preloadPage } from '../pages';
import { navigate } from '../router';
import type { PageProps } from '../routes';
import { ErrorBox, Loading, PageHeader } from '../components/ui';

export default function ProcessListPage({ search }: PageProps) {
  const processes = useResource(() => api<ProcessSummary[]>('/api/definitions'), []);
  const [open, setOpen] = useState<string | null>(search.get('open'));
  // the modeler is the likely next page: its code (and its properties panel's) loads while the list is read
  useEffect(() => preloadPage('modeler', () => import('./propertiesPanel')), []);
  return (
    <section>
      <PageHeader title={t('processes.title')}>
        <a class="button primary" href="/admin/modeler/new">
          {t('processes.new')}
        </a>
      </PageHeader>
      <ErrorBox error={processes.error} />
      {processes.loading && !processes.data ? <Loading /> : null}
      <table class="table" data-testid="process-list">
        <thead>
          <tr>
            <th>{t('processes.name')}</th>
            <th>{t('processes.id')}</th>
            <th>{t('processes.latestVersion')}</th>
            <th>{t('processes.versionCount')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(processes.data ?? []).map((process) => [
            <tr key={process.bpmnProcessId}>
              <td>{process.name ?? '—'}</td>
              <td>
                <code>{process.bpmnProcessId}</code>
              </td>
              <td>v{process.latestVersion}</td>
              <td>{process.versions}</td>
              <td class="row-actions">
                <a class="button" href={`/admin/modeler/${encodeURIComponent(process.bpmnProcessId)}/${process.latestVersion}`}>
                  {t('processes.openLatest')}
                </a>
                <button type="button" onClick={() => setOpen(open === process.bpmnProcessId ? null : process.bpmnProcessId)}>
                  {open === process.bpmnProcessId ? t('processes.hideVersions') : t('processes.showVersions')}
                </button>
              </td>
            </tr>,
            open === process.bpmnProcessId ? (
              <tr key={`${process.bpmnProcessId}-versions`} class="subrow">
                <td colSpan={5}>
                  <Versions processId={process.bpmnProcessId} />
                </td>
              </tr>
            ) : null,
          ])}
        </tbody>
      </table>
      {processes.data && processes.data.length === 0 ? <p class="empty">{t('processes.none')}</p> : null}
    </section>
  );
}

/** Version history of one process with a two-version comparison. */
function Versions({ processId }: { processId: string }) {
  const detail = useResource(() => api<ProcessDetail>(`/api/definitions/${encodeURIComponent(processId)}`), [processId]);
  const versions = [...(detail.data?.versions ?? [])].sort((a, b) => b.version - a.version);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const fromVersion = from ?? versions[1]?.version ?? null;
  const toVersion = to ?? versions[0]?.version ?? null;
  if (detail.error) return <ErrorBox error={detail.error} />;
  if (!detail.data) return <Loading />;
  return (
    <div class="versions">
      <table class="table compact">
        <thead>
          <tr>
            <th>{t('processes.version')}</th>
            <th>{t('processes.resource')}</th>
            <th>{t('processes.deployedAt')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.version}>
              <td>v{version.version}</td>
              <td>{version.resourceName}</td>
              <td>{formatDateTime(version.createdAt)}</td>
              <td>
                <a href={`/admin/modeler/${encodeURIComponent(processId)}/${version.version}`}>{t('processes.open')}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length > 1 ? (
        <div class="inline-form">
          <span>{t('processes.compare')}</span>
          <select value={String(fromVersion)} onChange={(e) => setFrom(Number(e.currentTarget.value))} aria-label={t('processes.compareFrom')}>
            {versions.map((v) => (
              <option value={String(v.version)}>v{v.version}</option>
            ))}
          </select>
          <span>→</span>
          <select value={String(toVersion)} onChange={(e) => setTo(Number(e.currentTarget.value))} aria-label={t('processes.compareTo')}>
            {versions.map((v) => (
              <option value={String(v.version)}>v{v.version}</option>
            ))}
          </select>
          <button type="button" disabled={fromVersion === toVersion} onClick={() => navigate(`/admin/diff/${encodeURIComponent(processId)}/${fromVersion}/${toVersion}`)}>
            {t('processes.showDiff')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
