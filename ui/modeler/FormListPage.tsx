/** The task forms (form-js schemas) administrators can edit. */
import { t } from '../i18n';
import { api } from '../lib/api';
import { useResource } from '../lib/hooks';
import type { FormSummary } from '../lib/types';
import { ErrorBox, Loading, PageHeader } from '../components/ui';

export default function FormListPage() {
  const forms = useResource(() => api<FormSummary[]>('/api/forms'), []);
  return (
    <section>
      <PageHeader title={t('forms.title')} />
      <ErrorBox error={forms.error} />
      {forms.loading && !forms.data ? <Loading /> : null}
      <table class="table">
        <thead>
          <tr>
            <th>{t('forms.id')}</th>
            <th>{t('forms.name')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(forms.data ?? []).map((form) => (
            <tr key={form.id}>
              <td>
                <code>{form.id}</code>
              </td>
              <td>{form.name ?? '—'}</td>
              <td>
                <a class="button" href={`/admin/forms/${encodeURIComponent(form.id)}`}>
                  {t('forms.edit')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {forms.data && forms.data.length === 0 ? <p class="empty">{t('forms.none')}</p> : null}
    </section>
  );
}
