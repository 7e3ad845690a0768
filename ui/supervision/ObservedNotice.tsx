/** The notice over an instance view that is not the whole truth: on Zeebe, what this app observed. */
import { t } from '../i18n';
import { isPartialView } from '../lib/incidents';
import type { Provenance } from '../lib/types';

export function ObservedNotice({ view, kind, startedHere }: { view: Partial<Provenance> | undefined; kind: 'list' | 'instance'; startedHere?: boolean }) {
  if (!isPartialView(view)) return null;
  return (
    <div class="notice" role="note" data-testid="observed-notice">
      <strong>{t('observed.title')}</strong>
      <p>{t(kind === 'list' ? 'observed.list' : 'observed.instance')}</p>
      {startedHere === false ? <p>{t('observed.notStartedHere')}</p> : null}
    </div>
  );
}
