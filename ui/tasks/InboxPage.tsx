/**
 * The staff inbox: my tasks or my groups' tasks, filtered by process, overdue and text, sorted by
 * due date; overdue rows are highlighted; claim / unclaim in place. Filters live in the URL so a
 * reload or a shared link keeps them.
 */
import { t } from '../i18n';
import { api, query } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { useResource } from '../lib/hooks';
import { processName, useDepartmentNames } from '../lib/names';
import { hasRole, isMe } from '../lib/session';
import type { ProcessSummary, Task, TaskPage } from '../lib/types';
import { navigate } from '../router';
import type { PageProps } from '../routes';
import { Badge, ErrorBox, Loading, PageHeader, Pager, describeError } from '../components/ui';

const PAGE_SIZE = 20;

export default function InboxPage({ search }: PageProps) {
  // no filter: mine and my groups' (the API's default); 'all' only for overseers
  const filter = search.get('filter') ?? '';
  const overseer = hasRole(['supervisor', 'general-office', 'admin']);
  const bpmnProcessId = search.get('process') ?? '';
  const overdue = search.get('overdue') === 'true';
  const q = search.get('q') ?? '';
  const order = search.get('order') === 'desc' ? 'desc' : 'asc';
  const page = Number(search.get('page')) || 1;
  const departmentName = useDepartmentNames();

  const tasks = useResource(
    () => api<TaskPage>(`/api/tasks${query({ filter, bpmnProcessId, overdue, q, sort: 'dueDate', order, page, pageSize: PAGE_SIZE, state: 'CREATED' })}`),
    [filter, bpmnProcessId, overdue, q, order, page],
  );
  const processes = useResource(() => api<ProcessSummary[]>('/api/definitions').catch(() => []), []);

  /** Changes one filter in the URL (back to page 1 unless the page itself changes). */
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    navigate(`/tasks?${next}`, true);
  };

  const act = async (task: Task, action: 'claim' | 'unclaim') => {
    try {
      await api(`/api/tasks/${encodeURIComponent(task.id)}/${action}`, { method: 'POST' });
      tasks.reload();
    } catch (error) {
      alert(describeError(error));
    }
  };

  return (
    <section>
      <PageHeader title={t('inbox.title')} />
      <div class="filters">
        <div class="tabs" role="tablist">
          {(['', 'mine', 'groups', ...(overseer ? ['all'] : [])] as const).map((value) => (
            <button type="button" role="tab" aria-selected={filter === value} class={filter === value ? 'tab active' : 'tab'} onClick={() => setParam('filter', value || null)}>
              {t(`inbox.filter.${(value || 'default') as 'default' | 'mine' | 'groups' | 'all'}`)}
            </button>
          ))}
        </div>
        <select value={bpmnProcessId} onChange={(e) => setParam('process', e.currentTarget.value)} aria-label={t('inbox.process')}>
          <option value="">{t('inbox.allProcesses')}</option>
          {(processes.data ?? []).map((p) => (
            <option value={p.bpmnProcessId}>{p.name ?? processName(p.bpmnProcessId)}</option>
          ))}
        </select>
        <label class="check">
          <input type="checkbox" checked={overdue} onChange={(e) => setParam('overdue', e.currentTarget.checked ? 'true' : null)} />
          {t('inbox.overdueOnly')}
        </label>
        <form
          class="search"
          onSubmit={(event) => {
            event.preventDefault();
            setParam('q', String(new FormData(event.currentTarget).get('q') ?? '').trim());
          }}
        >
          <input name="q" type="search" defaultValue={q} placeholder={t('inbox.searchPlaceholder')} aria-label={t('inbox.search')} />
          <button type="submit">{t('inbox.search')}</button>
        </form>
      </div>
      <ErrorBox error={tasks.error} />
      {tasks.loading && !tasks.data ? <Loading /> : null}
      <table class="table" data-testid="inbox">
        <thead>
          <tr>
            <th>{t('inbox.task')}</th>
            <th>{t('inbox.document')}</th>
            <th>{t('inbox.process')}</th>
            <th>
              <button type="button" class="link sort" onClick={() => setParam('order', order === 'asc' ? 'desc' : 'asc')}>
                {t('inbox.dueDate')} {order === 'asc' ? '▲' : '▼'}
              </button>
            </th>
            <th>{t('inbox.assignee')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(tasks.data?.items ?? []).map((task) => (
            <tr key={task.id} class={task.overdue ? 'overdue' : ''}>
              <td>
                <a href={`/tasks/${encodeURIComponent(task.id)}`}>{task.name ?? task.elementId}</a>
              </td>
              <td>{task.documentTitle ?? '—'}</td>
              <td>{processName(task.bpmnProcessId)}</td>
              <td>
                {formatDateTime(task.dueDate)}{' '}
                {task.overdue ? <Badge kind="overdue">{t('inbox.overdueBy', { days: task.overdueWorkingDays })}</Badge> : null}
              </td>
              <td>{task.assignee ? (isMe(task.assignee) ? t('inbox.me') : task.assignee) : <span class="muted">{task.candidateGroups.map(departmentName).join(', ') || '—'}</span>}</td>
              <td class="row-actions">
                {isMe(task.assignee) ? (
                  <button type="button" onClick={() => void act(task, 'unclaim')}>
                    {t('inbox.unclaim')}
                  </button>
                ) : !task.assignee ? (
                  <button type="button" onClick={() => void act(task, 'claim')}>
                    {t('inbox.claim')}
                  </button>
                ) : null}
                <a class="button primary" href={`/tasks/${encodeURIComponent(task.id)}`}>
                  {t('inbox.open')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tasks.data && tasks.data.items.length === 0 ? <p class="empty">{t('inbox.none')}</p> : null}
      {tasks.data ? (
        <Pager
          page={tasks.data.page}
          pageSize={tasks.data.pageSize}
          total={tasks.data.total}
          totalIsLowerBound={tasks.data.totalIsLowerBound}
          itemCount={tasks.data.items.length}
          onPage={(p) => setParam('page', String(p))}
        />
      ) : null}
    </section>
  );
}
