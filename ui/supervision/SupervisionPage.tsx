/**
 * The General Office's supervision page: overdue stages by department and process (overdue by N
 * working days) with filters and CSV / Excel export, open / overdue over time, counts by department
 * and by stage, and the active incidents with retry.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { api, query, requestRaw } from '../lib/api';
import { formatDateTime, todayInChina } from '../lib/format';
import { useResource } from '../lib/hooks';
import { incidentElementLabel } from '../lib/incidents';
import { processName, useDepartmentNames } from '../lib/names';
import type { Incident, OverdueStage, ProcessSummary, SupervisionStats } from '../lib/types';
import { navigate } from '../router';
import type { PageProps } from '../routes';
import { Badge, ErrorBox, Loading, PageHeader } from '../components/ui';
import { IncidentRetry } from './IncidentRetry';
import { StageChart } from './StageChart';
import { StatsChart } from './StatsChart';

/** What the export buttons ask GET /api/supervision/overdue for. */
const EXPORT_TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

export default function SupervisionPage({ search }: PageProps) {
  const department = search.get('department') ?? '';
  const bpmnProcessId = search.get('process') ?? '';
  const filters = query({ department, bpmnProcessId });
  const overdue = useResource(() => api<{ items: OverdueStage[] }>(`/api/supervision/overdue${filters}`), [filters]);
  const stats = useResource(() => api<SupervisionStats>('/api/supervision/stats?days=30'), []);
  const processes = useResource(() => api<ProcessSummary[]>('/api/definitions').catch(() => []), []);
  const [exportError, setExportError] = useState<unknown>(null);
  const departmentName = useDepartmentNames();

  const departments = [...new Set((stats.data?.byDepartment ?? []).map((d) => d.department).filter((d): d is string => Boolean(d)))].sort();
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate(`/supervision?${next}`, true);
  };

  /** Downloads the same filtered list as CSV (UTF-8 with BOM) or as an Excel workbook. */
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExportError(null);
    try {
      const response = await requestRaw(`/api/supervision/overdue${filters}`, { accept: EXPORT_TYPES[format] });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await response.blob());
      link.download = `overdue-${todayInChina()}.${format}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      setExportError(error);
    }
  };

  const items = overdue.data?.items ?? [];
  return (
    <section>
      <PageHeader title={t('supervision.title')}>
        <button type="button" onClick={() => void exportAs('csv')} data-testid="export-csv">
          {t('supervision.exportCsv')}
        </button>
        <button type="button" class="primary" onClick={() => void exportAs('xlsx')} data-testid="export-xlsx">
          {t('supervision.exportExcel')}
        </button>
      </PageHeader>
      <div class="filters">
        <select value={department} onChange={(e) => setParam('department', e.currentTarget.value)} aria-label={t('supervision.department')}>
          <option value="">{t('supervision.allDepartments')}</option>
          {departments.map((d) => (
            <option value={d}>{departmentName(d)}</option>
          ))}
        </select>
        <select value={bpmnProcessId} onChange={(e) => setParam('process', e.currentTarget.value)} aria-label={t('inbox.process')}>
          <option value="">{t('inbox.allProcesses')}</option>
          {(processes.data ?? []).map((p) => (
            <option value={p.bpmnProcessId}>{p.name ?? processName(p.bpmnProcessId)}</option>
          ))}
        </select>
        <span class="muted">{overdue.data ? t('supervision.count', { count: items.length }) : ''}</span>
      </div>
      <ErrorBox error={overdue.error ?? exportError} />
      {overdue.loading && !overdue.data ? <Loading /> : null}
      <div class="scroll-table">
        <table class="table" data-testid="overdue-table">
          <thead>
            <tr>
              <th>{t('supervision.stage')}</th>
              <th>{t('inbox.document')}</th>
              <th>{t('supervision.department')}</th>
              <th>{t('inbox.process')}</th>
              <th>{t('inbox.assignee')}</th>
              <th>{t('inbox.dueDate')}</th>
              <th>{t('supervision.overdueBy')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.taskId} class="overdue">
                <td>
                  <a href={`/supervision/instances/${encodeURIComponent(item.processInstanceKey)}`}>{item.stage ?? item.elementId}</a>
                </td>
                <td>{item.documentTitle ?? '—'}</td>
                <td>{departmentName(item.department)}</td>
                <td>{processName(item.bpmnProcessId)}</td>
                <td>{item.assignee ?? (item.candidateGroups.map(departmentName).join(', ') || '—')}</td>
                <td>{formatDateTime(item.dueDate)}</td>
                <td>
                  <Badge kind="overdue">{t('supervision.workingDays', { days: item.overdueWorkingDays })}</Badge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {overdue.data && items.length === 0 ? <p class="empty">{t('supervision.noneOverdue')}</p> : null}
      <div class="two-columns">
        <div class="card">
          <h2>{t('supervision.chartTitle')}</h2>
          <ErrorBox error={stats.error} />
          {stats.data ? <StatsChart series={stats.data.series} /> : null}
        </div>
        <div class="card">
          <h2>{t('supervision.byDepartment')}</h2>
          <table class="table compact">
            <thead>
              <tr>
                <th>{t('supervision.department')}</th>
                <th>{t('supervision.open')}</th>
                <th>{t('supervision.overdue')}</th>
              </tr>
            </thead>
            <tbody>
              {(stats.data?.byDepartment ?? []).map((row) => (
                <tr>
                  <td>{departmentName(row.department)}</td>
                  <td>{row.open}</td>
                  <td class={row.overdue ? 'text-overdue' : ''}>{row.overdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div class="card">
        <h2>{t('supervision.byStage')}</h2>
        {stats.data ? <StageChart stages={stats.data.byStage} /> : null}
      </div>
      <Incidents />
    </section>
  );
}

/** Active incidents with a retry each (asking for the incident key where Zeebe needs it). */
function Incidents() {
  const incidents = useResource(() => api<Incident[]>('/api/incidents?state=ACTIVE'), []);
  const list = incidents.data ?? [];
  return (
    <div class="card">
      <h2>{t('incidents.title', { count: list.length })}</h2>
      <ErrorBox error={incidents.error} />
      {list.length === 0 && incidents.data ? <p class="muted">{t('incidents.none')}</p> : null}
      {list.length ? (
        <table class="table compact" data-testid="incidents">
          <tbody>
            {list.map((incident) => (
              <tr key={incident.key}>
                <td>
                  <a href={`/supervision/instances/${encodeURIComponent(incident.processInstanceKey)}`}>{processName(incident.bpmnProcessId)}</a> ·{' '}
                  <span title={incident.elementId}>{incidentElementLabel(incident)}</span>
                </td>
                <td>{incident.errorType}</td>
                <td class="wrap">{incident.errorMessage}</td>
                <td>{formatDateTime(incident.createdAt)}</td>
                <td>
                  <IncidentRetry incident={incident} onResolved={incidents.reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
