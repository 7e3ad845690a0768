/**
 * One task: its form (form-js, validated before sending) beside the document's context; claim,
 * unclaim and complete. Server-side validation errors (422 INVALID) are listed by field.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Form } from '@bpmn-io/form-js-viewer';
import { t } from '../i18n';
import { api, ApiError } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { useResource } from '../lib/hooks';
import { isMe } from '../lib/session';
import type { TaskDetail } from '../lib/types';
import type { PageProps } from '../routes';
import { Badge, describeError, ErrorBox, Loading } from '../components/ui';
import { DocumentContext } from './DocumentContext';
import { renderTaskForm, submitTaskForm } from './taskForm';

/** The field keys of a form-js schema (nested components included). */
function formKeys(schema: Record<string, unknown> | null): Set<string> {
  const keys = new Set<string>();
  const walk = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const component of components as { key?: string; components?: unknown }[]) {
      if (component.key) keys.add(component.key.split('.')[0]!);
      walk(component.components);
    }
  };
  walk(schema?.components);
  return keys;
}

export default function TaskPage({ params }: PageProps) {
  const id = params.id!;
  const detail = useResource(() => api<TaskDetail>(`/api/tasks/${encodeURIComponent(id)}`), [id]);
  const formRef = useRef<HTMLDivElement>(null);
  const form = useRef<Form | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string; fields?: { field: string; message: string }[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const task = detail.data?.task;

  useEffect(() => {
    const data = detail.data;
    if (!data?.form || !formRef.current) return;
    let destroyed = false;
    renderTaskForm(formRef.current, data.form, data.variables).then(
      (rendered) => {
        if (destroyed) rendered.destroy();
        else form.current = rendered;
      },
      (error: unknown) => setMessage({ kind: 'error', text: describeError(error) }),
    );
    return () => {
      destroyed = true;
      form.current?.destroy();
      form.current = null;
    };
  }, [detail.data]);

  const act = async (action: 'claim' | 'unclaim') => {
    setBusy(true);
    try {
      await api(`/api/tasks/${encodeURIComponent(id)}/${action}`, { method: 'POST' });
      detail.reload();
    } catch (error) {
      setMessage({ kind: 'error', text: describeError(error) });
    } finally {
      setBusy(false);
    }
  };

  const complete = async () => {
    setMessage(null);
    const variables = form.current ? submitTaskForm(form.current) : {};
    if (!variables) {
      setMessage({ kind: 'error', text: t('task.fixErrors') });
      return;
    }
    setBusy(true);
    try {
      await api(`/api/tasks/${encodeURIComponent(id)}/complete`, { body: { variables } });
      setDone(true);
      setMessage({ kind: 'ok', text: t('task.completed') });
    } catch (error) {
      const fields = error instanceof ApiError && error.status === 422 && Array.isArray(error.details) ? (error.details as { field: string; message: string }[]) : undefined;
      setMessage({ kind: 'error', text: describeError(error), fields });
    } finally {
      setBusy(false);
    }
  };

  if (detail.error) return <ErrorBox error={detail.error} />;
  if (!detail.data || !task) return <Loading />;
  const open = task.state === 'CREATED' && !done;
  return (
    <section class="task-page">
      <div class="page-header">
        <div>
          <a href="/tasks" class="back">
            ← {t('task.back')}
          </a>
          <h1>{task.name ?? task.elementId}</h1>
          <p class="muted">
            {task.documentTitle ?? ''} · {t('inbox.dueDate')}: {formatDateTime(task.dueDate)}{' '}
            {task.overdue ? <Badge kind="overdue">{t('inbox.overdueBy', { days: task.overdueWorkingDays })}</Badge> : null} · {t('inbox.assignee')}:{' '}
            {task.assignee ?? t('task.unassigned')}
          </p>
        </div>
        <div class="actions">
          {open && !task.assignee ? (
            <button type="button" disabled={busy} onClick={() => void act('claim')}>
              {t('inbox.claim')}
            </button>
          ) : null}
          {open && isMe(task.assignee) ? (
            <button type="button" disabled={busy} onClick={() => void act('unclaim')}>
              {t('inbox.unclaim')}
            </button>
          ) : null}
        </div>
      </div>
      <div class="task-layout">
        <div class="task-form">
          {detail.data.form ? <div ref={formRef} data-testid="task-form" /> : <p class="muted">{t('task.noForm')}</p>}
          {message ? (
            <div class={message.kind === 'ok' ? 'success' : 'error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="task-message">
              {message.text}
              {message.fields?.length ? (
                <ul>
                  {message.fields.map((f) => (
                    <li>
                      {f.field}: {f.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          {open ? (
            <button type="button" class="primary" disabled={busy} onClick={() => void complete()} data-testid="complete">
              {t('task.complete')}
            </button>
          ) : (
            <a class="button" href="/tasks">
              {t('task.back')}
            </a>
          )}
        </div>
        <DocumentContext document={detail.data.document} variables={detail.data.variables} ownKeys={formKeys(detail.data.form)} />
      </div>
    </section>
  );
}
