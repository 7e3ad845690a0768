/** In-app notifications: a bell with the unread count, polled every minute, and a drop-down list. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { api } from '../lib/api';
import { formatDateTime } from '../lib/format';
import type { AppNotification } from '../lib/types';

const POLL_MS = 60_000;

/** The bell in the top bar. */
export function NotificationBell() {
  const [items, setItems] = useState<AppNotification[]>([]);
  const [open, setOpen] = useState(false);
  const load = () =>
    api<AppNotification[]>('/api/notifications').then(
      (list) => setItems(Array.isArray(list) ? list : []),
      () => undefined, // the bell stays quiet; pages show their own errors
    );
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  const unread = items.filter((item) => !item.readAt).length;
  const markRead = async (item: AppNotification) => {
    if (item.readAt) return;
    await api(`/api/notifications/${encodeURIComponent(item.id)}/read`, { method: 'POST' }).catch(() => undefined);
    void load();
  };
  return (
    <div class="bell">
      <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="notifications">
        {t('notifications.title')}
        {unread ? <span class="count">{unread}</span> : null}
      </button>
      {open ? (
        <div class="bell-menu" role="menu">
          {items.length === 0 ? <p class="empty">{t('notifications.none')}</p> : null}
          {items.slice(0, 20).map((item) => (
            <button type="button" class={`bell-item ${item.readAt ? 'read' : ''}`} onClick={() => void markRead(item)}>
              <strong>{item.title}</strong>
              <span>{item.body}</span>
              <time>{formatDateTime(item.createdAt)}</time>
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
