import type { EmbeddedEngine } from '../engine/embedded';
import type { Engine } from '../engine/port';
import { Conflict, Invalid, NotFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import type { AuditRepository } from '../store/audit.repository';
import { incidentView } from './instances.service';

export interface IncidentDeps {
  engine: Engine;
  /** The embedded engine's read side; absent on Zeebe (incidents are listed in Operate there). */
  reader?: Pick<EmbeddedEngine, 'listIncidents'>;
  audit: AuditRepository;
}

/** Incidents: the list, and resolving one after its cause was fixed. */
export class IncidentService {
  constructor(private readonly deps: IncidentDeps) {}

  /** Incidents, oldest first, optionally of one state. */
  async list(state?: 'ACTIVE' | 'RESOLVED') {
    if (!this.deps.reader) throw new Invalid('listing incidents needs the embedded engine; on Zeebe use Operate', [], 'NOT_SUPPORTED');
    return (await this.deps.reader.listIncidents({ state })).map(incidentView);
  }

  /**
   * Resolves an incident. A job incident (retries used up) first gets one retry back, otherwise
   * resolving would raise it again at once. Throws `NotFound`, or `Conflict` when already resolved.
   * On Zeebe the incident cannot be looked up: it is resolved as given.
   */
  async resolve(key: string, principal: Principal): Promise<void> {
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
}
