/** Public: the drafts open for comment now. */
import { t } from '../i18n';
import { api } from '../lib/api';
import { formatDate } from '../lib/format';
import { useResource } from '../lib/hooks';
import type { PublicConsultation } from '../lib/types';
import { ErrorBox, Loading, PageHeader } from '../components/ui';

export default function ConsultationsPage() {
  const consultations = useResource(() => api<PublicConsultation[]>('/api/public/consultations', { anonymous: true }), []);
  const list = consultations.data ?? [];
  return (
    <section>
      <PageHeader title={t('public.consultations')} />
      <p class="muted">{t('public.consultationsIntro')}</p>
      <ErrorBox error={consultations.error} />
      {consultations.loading && !consultations.data ? <Loading /> : null}
      <ul class="cards" data-testid="consultations">
        {list.map((c) => (
          <li class="card">
            <h2>
              <a href={`/public/consultations/${encodeURIComponent(c.id)}`}>{c.title}</a>
            </h2>
            {c.summary ? <p>{c.summary}</p> : null}
            <p class="muted">{t('public.period', { from: formatDate(c.opensAt), to: formatDate(c.closesAt) })}</p>
            <a class="button primary" href={`/public/consultations/${encodeURIComponent(c.id)}`}>
              {t('public.readAndComment')}
            </a>
          </li>
        ))}
      </ul>
      {consultations.data && list.length === 0 ? <p class="empty">{t('public.noConsultations')}</p> : null}
    </section>
  );
}
