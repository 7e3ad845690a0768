/** Public: the searchable catalogue of policy documents that remain valid. */
import { locale, t } from '../i18n';
import { api, query } from '../lib/api';
import { formatDate } from '../lib/format';
import { useResource } from '../lib/hooks';
import { categoryName, departmentName } from '../lib/names';
import type { CatalogueEntry, Page } from '../lib/types';
import { navigate } from '../router';
import type { PageProps } from '../routes';
import { ErrorBox, Loading, PageHeader, Pager } from '../components/ui';

/** Only plain http(s) links are shown as links. */
function safeUrl(url: string | null | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/**
 * The issuing department's name: the UI language's from the department list when a signed-in user
 * has it, else the name the catalogue gives in the UI language (Chinese when it has no English), else the id.
 */
function issuer(entry: CatalogueEntry): string {
  const fromList = departmentName(entry.department);
  if (fromList !== entry.department) return fromList;
  const given = locale === 'en' ? (entry.departmentNameEn ?? entry.departmentName) : entry.departmentName;
  return given ?? entry.department ?? '—';
}

export default function CataloguePage({ search }: PageProps) {
  const q = search.get('q') ?? '';
  const page = Number(search.get('page')) || 1;
  const catalogue = useResource(() => api<Page<CatalogueEntry>>(`/api/public/catalogue${query({ q, page })}`, { anonymous: true }), [q, page]);
  const go = (nextQ: string, nextPage: number) => navigate(`/public/catalogue${query({ q: nextQ, page: nextPage > 1 ? nextPage : undefined })}`, true);
  return (
    <section>
      <PageHeader title={t('public.catalogue')} />
      <p class="muted">{t('public.catalogueIntro')}</p>
      <form
        class="search big"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          go(String(new FormData(event.currentTarget).get('q') ?? '').trim(), 1);
        }}
      >
        <input name="q" type="search" defaultValue={q} placeholder={t('public.searchPlaceholder')} aria-label={t('inbox.search')} />
        <button type="submit" class="primary">
          {t('inbox.search')}
        </button>
      </form>
      <ErrorBox error={catalogue.error} />
      {catalogue.loading && !catalogue.data ? <Loading /> : null}
      <table class="table" data-testid="catalogue">
        <thead>
          <tr>
            <th>{t('public.number')}</th>
            <th>{t('public.docTitle')}</th>
            <th>{t('public.category')}</th>
            <th>{t('public.department')}</th>
            <th>{t('public.publishedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {(catalogue.data?.items ?? []).map((entry) => (
            <tr>
              <td>{entry.number ?? '—'}</td>
              <td>{safeUrl(entry.url) ? <a href={safeUrl(entry.url)} target="_blank" rel="noopener noreferrer">{entry.title}</a> : entry.title}</td>
              <td>{categoryName(entry.category)}</td>
              <td>{issuer(entry)}</td>
              <td>{formatDate(entry.publishedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {catalogue.data && catalogue.data.items.length === 0 ? <p class="empty">{t('public.noDocuments')}</p> : null}
      {catalogue.data ? <Pager page={catalogue.data.page} pageSize={catalogue.data.pageSize} total={catalogue.data.total} onPage={(p) => go(q, p)} /> : null}
    </section>
  );
}
