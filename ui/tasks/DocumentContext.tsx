/** The document beside a task's form: title, number, version, attachments and earlier opinions. */
import { t } from '../i18n';
import { documentStatusLabel } from '../lib/format';
import { categoryName } from '../lib/names';
import type { DocumentSummary } from '../lib/types';

/** Variable names that hold an earlier participant's opinion, comment, decision or record. */
const OPINION = /opinion|comment|suggestion|conclusion|decision|views|review|minutes|findings|record|summary|advice|reason/i;
/** …but not its dates, links and flags. */
const NOT_OPINION = /(Date|Day|At|On|Url|Deemed|Necessary|Needed|Confirmed)$/;

/** Whether a variable reads as an earlier opinion: a text under an opinion-like name. */
function isOpinion(key: string, value: unknown): boolean {
  return OPINION.test(key) && !NOT_OPINION.test(key) && typeof value === 'string' && !/^https?:\/\//.test(value) && !/^\d{4}-\d{2}-\d{2}/.test(value);
}

interface Attachment {
  name: string;
  url?: string;
}

/** Attachments kept in the `attachments` variable: a list of names or {name, url}. */
function attachmentsOf(variables: Record<string, unknown>): Attachment[] {
  const list = variables.attachments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item): Attachment[] => {
    if (typeof item === 'string') return [{ name: item }];
    if (item && typeof item === 'object' && typeof (item as Attachment).name === 'string') return [item as Attachment];
    return [];
  });
}

function show(value: unknown): string {
  if (value === true) return t('common.yes');
  if (value === false) return t('common.no');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Only plain http(s) links are shown as links. */
function safeUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

export function DocumentContext({ document, variables, ownKeys }: { document: DocumentSummary | null; variables: Record<string, unknown>; ownKeys: Set<string> }) {
  const entries = Object.entries(variables).filter(([key, value]) => value !== null && value !== '' && key !== 'attachments');
  const opinions = entries.filter(([key, value]) => isOpinion(key, value) && !ownKeys.has(key));
  const others = entries.filter(([key]) => !opinions.some(([k]) => k === key));
  const attachments = attachmentsOf(variables);
  return (
    <aside class="context" data-testid="document-context">
      <h2>{t('task.document')}</h2>
      {document ? (
        <dl>
          <dt>{t('task.docTitle')}</dt>
          <dd>{document.title}</dd>
          <dt>{t('task.docNumber')}</dt>
          <dd>{document.number ?? '—'}</dd>
          <dt>{t('task.docVersion')}</dt>
          <dd>{document.version ?? '—'}</dd>
          <dt>{t('task.docCategory')}</dt>
          <dd>{categoryName(document.category)}</dd>
          <dt>{t('task.docStatus')}</dt>
          <dd>{documentStatusLabel(document.status)}</dd>
        </dl>
      ) : (
        <p class="muted">{t('task.noDocument')}</p>
      )}
      {attachments.length ? (
        <>
          <h3>{t('task.attachments')}</h3>
          <ul>
            {attachments.map((a) => (
              <li>{safeUrl(a.url) ? <a href={safeUrl(a.url)} target="_blank" rel="noopener noreferrer">{a.name}</a> : a.name}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('task.opinions')}</h3>
      {opinions.length ? (
        <dl class="opinions">
          {opinions.map(([key, value]) => [<dt>{key}</dt>, <dd>{show(value)}</dd>])}
        </dl>
      ) : (
        <p class="muted">{t('task.noOpinions')}</p>
      )}
      {others.length ? (
        <details>
          <summary>{t('task.otherData', { count: others.length })}</summary>
          <dl class="variables">{others.map(([key, value]) => [<dt>{key}</dt>, <dd>{show(value)}</dd>])}</dl>
        </details>
      ) : null}
    </aside>
  );
}
