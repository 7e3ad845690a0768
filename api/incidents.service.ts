import type { EmbeddedEngine } from '../engine/embedded';
import type { Engine } from '../engine/port';
import type { ObservationRepository } from '../engine/zeebe';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import type { AuditRepository } from '../store/audit.repository';
import type { ObservedQueries } from './instances.repository';
import { incidentView, observedIncidentView } from './instances.service';

export interface IncidentDeps {
  engine: Engine;
  /** The embedded engine's read side; absent on Zeebe. */
  reader?: Pick<EmbeddedEngine, 'listIncidents'>;
  /** On Zeebe: the incidents this app's workers raised (broker-raised ones are only in Operate). */
  observed?: { queries: ObservedQueries; recorder: ObservationRepository; settled: () => Promise<void> };
  audit: AuditRepository;
  now: () => number;
}

/** Incidents: the list, and resolving one after its cause was fixed. */
export class IncidentService {
  constructor(private readonly deps: IncidentDeps) {}

  /** Incidents, oldest first, optionally of one state. On Zeebe: those this app's workers raised. */
  async list(state?: 'ACTIVE' | 'RESOLVED') {
    if (this.deps.reader) return (await this.deps.reader.listIncidents({ state })).map(incidentView);
    if (!this.deps.observed) throw new Invalid('listing incidents needs the embedded engine or a record of what was observed on Zeebe', [], 'NOT_SUPPORTED');
    await this.deps.observed.settled();
    return (await this.deps.observed.queries.incidents({ state })).map(observedIncidentView);
  }

  /**
   * Resolves an incident. A job incident (retries used up) first gets one retry back, otherwise
   * resolving would raise it again at once (Zeebe 8.5 refuses it). Throws `NotFound`, or `Conflict`
   * when already resolved. On Zeebe see `resolveObserved`; a key the app did not observe (a
   * broker-raised incident, its key read in Operate) is resolved as given.
   */
  async resolve(key: string, principal: Principal, options: { incidentKey?: string } = {}): Promise<void> {
    if (!this.deps.reader && this.deps.observed) {
      await this.deps.observed.settled();
      const observed = await this.deps.observed.queries.incidentOfJob(key);
      if (observed) return this.resolveObserved(observed, principal, options.incidentKey);
    }
    let before: ReturnType<typeof incidentView> | undefined;
    if (this.deps.reader) {
      const incident = (await this.deps.reader.listIncidents()).find((i) => i.key === key);
      if (!incident) throw new NotFound(`no incident ${key}`);
      if (incident.state !== 'ACTIVE') throw new Conflict(`incident ${key} is already resolved`);
      before = incidentView(incident);
      if (incident.jobKey) await this.deps.engine.updateJobRetries(incident.jobKey, 1);
    }
    await this.deps.engine.resolveIncident(key);
    await this.deps.audit.record({ actor: principal.id, action: 'incident.resolve', resource: 'incident', resourceId: key, before: before ?? null, after: { state: 'RESOLVED', retries: before?.jobKey ? 1 : undefined } });
  }

  /**
   * Resolves an incident a worker of this app raised on Zeebe (known by its job key): the job gets
   * one retry (UpdateJobRetries), then the incident is resolved (ResolveIncident). The broker never
   * told the app the incident's key, so it must be given once (`incidentKey`, as Operate shows it);
   * without it nothing is changed (422 INCIDENT_KEY_REQUIRED).
   */
  private async resolveObserved(incident: Parameters<typeof observedIncidentView>[0], principal: Principal, givenKey: string | undefined): Promise<void> {
    const before = observedIncidentView(incident);
    if (incident.state !== 'ACTIVE') throw new Conflict(`the incident of job ${incident.jobKey} is already resolved`);
    const incidentKey = givenKey ?? incident.incidentKey;
    if (!incidentKey) {
      throw new Invalid(
        `Zeebe does not tell the worker the key of the incident it raised on job ${incident.jobKey}: send the incident key Operate shows as {"incidentKey": "…"}`,
        [{ path: ['incidentKey'], message: 'required on Zeebe for this incident' }],
        'INCIDENT_KEY_REQUIRED',
      );
    }
    await this.deps.engine.updateJobRetries(incident.jobKey, 1);
    await this.deps.engine.resolveIncident(incidentKey);
    await this.deps.observed!.recorder.resolveIncident(incident.jobKey, incidentKey, this.deps.now());
    await this.deps.audit.record({ actor: principal.id, action: 'incident.resolve', resource: 'incident', resourceId: incident.jobKey, before, after: { state: 'RESOLVED', retries: 1, incidentKey } });
  }
}
