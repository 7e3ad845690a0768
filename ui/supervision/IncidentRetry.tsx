/**
 * The retry of one incident. On Zeebe an incident a worker of this app raised can only be resolved
 * with the incident key Operate shows (422 INCIDENT_KEY_REQUIRED): then it asks for that key,
 * explains where to find it, and sends the retry again with it.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { isIncidentKeyRequired, parseIncidentKey, resolveIncident } from '../lib/incidents';
import type { Incident } from '../lib/types';
import { ErrorBox } from '../components/ui';

export function IncidentRetry({ incident, onResolved }: { incident: Incident; onResolved: () => void }) {
  const [asking, setAsking] = useState(false);
  const [keyText, setKeyText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async (incidentKey?: string) => {
    setError(null);
    setBusy(true);
    try {
      await resolveIncident(incident.key, incidentKey);
      setAsking(false);
      onResolved();
    } catch (caught) {
      if (isIncidentKeyRequired(caught)) setAsking(true);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const submitKey = (event: Event) => {
    event.preventDefault();
    const key = parseIncidentKey(keyText);
    if (!key) setError(new Error(t('incidents.keyInvalid')));
    else void send(key);
  };

  return (
    <div class="incident-retry">
      {asking ? (
        <form class="incident-key" onSubmit={submitKey} data-testid="incident-key-form">
          <p class="hint">{t('incidents.keyRequired', { jobKey: incident.jobKey ?? incident.key })}</p>
          <label>
            {t('incidents.keyLabel')}{' '}
            <input name="incidentKey" inputMode="numeric" autoComplete="off" value={keyText} onInput={(e) => setKeyText(e.currentTarget.value)} data-testid="incident-key" />
          </label>
          <button type="submit" class="primary" disabled={busy}>
            {t('incidents.keySubmit')}
          </button>
          <button type="button" onClick={() => (setAsking(false), setError(null))}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <button type="button" disabled={busy} onClick={() => void send()}>
          {t('incidents.retry')}
        </button>
      )}
      <ErrorBox error={error} />
    </div>
  );
}
