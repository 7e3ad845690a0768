/** Resolving incidents, including Zeebe's worker incidents whose key only Operate shows. */
import { api, ApiError } from './api';
import type { Incident, Provenance } from './types';

/** The name an incident's element is shown by: the server's (Zeebe), else the diagram's, else its id. */
export function incidentElementLabel(incident: Pick<Incident, 'elementId' | 'elementName'>, diagramName?: (elementId: string) => string): string {
  return incident.elementName ?? (diagramName ? diagramName(incident.elementId) : incident.elementId);
}

/** True for the answer Zeebe gives when a worker incident is resolved without its incident key. */
export function isIncidentKeyRequired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 422 && error.code === 'INCIDENT_KEY_REQUIRED';
}

/** An incident key as typed (digits, as Operate shows it), or null when it is not one. */
export function parseIncidentKey(text: string): string | null {
  const key = text.trim();
  return /^\d{1,19}$/.test(key) ? key : null;
}

/** POST /api/incidents/:key/resolve, with the incident key Operate shows when it is given. */
export async function resolveIncident(key: string, incidentKey?: string): Promise<void> {
  await api(`/api/incidents/${encodeURIComponent(key)}/resolve`, { method: 'POST', body: incidentKey ? { incidentKey } : {} });
}

/** True when a view says it is not the whole truth (on Zeebe: what this app observed). */
export function isPartialView(view: Partial<Provenance> | undefined): boolean {
  return Boolean(view && (view.source === 'observed' || view.complete === false));
}
