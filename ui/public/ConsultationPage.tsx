/** Public: one draft open for comment, its text and the comment form (no login). */
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { api, ApiError } from '../lib/api';
import { formatDate } from '../lib/format';
import { useResource } from '../lib/hooks';
import type { PublicConsultation } from '../lib/types';
import type { PageProps } from '../routes';
import { describeError, ErrorBox, Loading } from '../components/ui';

const MAX_COMMENT = 5000;

export default function ConsultationPage({ params }: PageProps) {
  const id = params.id!;
  const consultation = useResource(() => api<PublicConsultation>(`/api/public/consultations/${encodeURIComponent(id)}`, { anonymous: true }), [id]);
  const [authorName, setAuthorName] = useState('');
  const [contact, setContact] = useState('');
  const [content, setContent] = useState('');
  const [state, setState] = useState<{ kind: 'sent' } | { kind: 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!content.trim()) {
      setState({ kind: 'error', text: t('public.commentRequired') });
      return;
    }
    setBusy(true);
    try {
      const body = { content: content.trim(), ...(authorName.trim() ? { authorName: authorName.trim() } : {}), ...(contact.trim() ? { contact: contact.trim() } : {}) };
      await api(`/api/public/consultations/${encodeURIComponent(id)}/comments`, { body, anonymous: true });
      setState({ kind: 'sent' });
    } catch (error) {
      const closed = error instanceof ApiError && error.status === 409;
      setState({ kind: 'error', text: closed ? t('public.closed') : describeError(error) });
    } finally {
      setBusy(false);
    }
  };

  if (consultation.error) return <ErrorBox error={consultation.error} />;
  const c = consultation.data;
  if (!c) return <Loading />;
  return (
    <article class="consultation">
      <a href="/public/consultations" class="back">
        ← {t('public.consultations')}
      </a>
      <h1>{c.title}</h1>
      <p class="muted">{t('public.period', { from: formatDate(c.opensAt), to: formatDate(c.closesAt) })}</p>
      {c.summary ? <p class="lead">{c.summary}</p> : null}
      {c.draftText ? <div class="draft-text">{c.draftText}</div> : null}
      <h2>{t('public.yourComment')}</h2>
      {state?.kind === 'sent' ? (
        <div class="success" role="status" data-testid="comment-sent">
          {t('public.thanks')}
        </div>
      ) : (
        <form class="stack comment-form" onSubmit={submit} data-testid="comment-form">
          <label>
            {t('public.comment')} *
            <textarea name="content" rows={6} maxLength={MAX_COMMENT} required value={content} onInput={(e) => setContent(e.currentTarget.value)} />
          </label>
          <div class="row">
            <label>
              {t('public.name')}
              <input name="authorName" maxLength={100} value={authorName} onInput={(e) => setAuthorName(e.currentTarget.value)} />
            </label>
            <label>
              {t('public.contact')}
              <input name="contact" maxLength={200} value={contact} onInput={(e) => setContact(e.currentTarget.value)} />
            </label>
          </div>
          <p class="muted small">{t('public.privacy')}</p>
          {state?.kind === 'error' ? (
            <div class="error" role="alert">
              {state.text}
            </div>
          ) : null}
          <button type="submit" class="primary" disabled={busy}>
            {t('public.submit')}
          </button>
        </form>
      )}
    </article>
  );
}
