import type { EmbeddedEngine } from '../engine/embedded';
import type { Engine, EngineEvent, Incident, Variables } from '../engine/port';
import { Conflict, Forbidden, Invalid, NotFound } from '../domain/errors';
import { hasRole, type Principal, type Role } from '../domain/principal';
import type { AuditRepository } from '../store/audit.repository';
import type { InstanceFilter, InstanceQueries, ObservedIncidentRow, ObservedQueries } from './instances.repository';

/**
 * Who may start which process:
 * - `research-deliberation`, `publication-interpretation` — the drafting department runs them for
 *   its own documents (its `draftingDept` is forced to the user's department), and the General
 *   Office or an admin for any department;
 * - `third-party-evaluation`, `normative-document-cleanup` — the General Office commissions
 *   evaluations and runs the cleanup (regimes 3 and 4), and admins;
 * - any other deployed process — the General Office and admins.
 */
export const STARTERS: Record<string, readonly Role[]> = {
  'research-deliberation': ['admin', 'general-office', 'drafting-dept'],
  'publication-interpretation': ['admin', 'general-office', 'drafting-dept'],
  'third-party-evaluation': ['admin', 'general-office'],
  'normative-document-cleanup': ['admin', 'general-office'],
};
const DEFAULT_STARTERS: readonly Role[] = ['admin', 'general-office'];
/** Who sees every instance; a drafting department sees those whose `draftingDept` is its own. */
const SEE_ALL: readonly Role[] = ['admin', 'supervisor', 'general-office'];

export type ElementState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

/** Incident as the API shows it (times as ISO strings); `key` is what POST /api/incidents/:key/resolve takes. */
export function incidentView(incident: Incident) {
  return {
    key: incident.key,
    state: incident.state,
    errorType: incident.errorType,
    errorMessage: incident.errorMessage,
    processInstanceKey: incident.processInstanceKey,
    elementId: incident.elementId,
    elementName: null as string | null,
    elementInstanceKey: incident.elementInstanceKey,
    bpmnProcessId: incident.bpmnProcessId,
    jobKey: incident.jobKey ?? null,
    incidentKey: incident.key as string | null,
    createdAt: new Date(incident.createdAt).toISOString(),
  };
}

/**
 * An incident a worker of this app raised on Zeebe, in the same shape. Zeebe does not return an
 * incident's key to the worker that caused it, so its `key` is its job's key and `incidentKey` stays
 * null until an operator resolves it with the key Operate shows.
 */
export function observedIncidentView(incident: ObservedIncidentRow): ReturnType<typeof incidentView> {
  return {
    key: incident.jobKey,
    state: incident.state,
    errorType: incident.errorType,
    errorMessage: incident.errorMessage,
    processInstanceKey: incident.processInstanceKey,
    elementId: incident.elementId,
    elementName: incident.elementName,
    elementInstanceKey: incident.elementInstanceKey,
    bpmnProcessId: incident.bpmnProcessId,
    jobKey: incident.jobKey,
    incidentKey: incident.incidentKey,
    createdAt: new Date(incident.createdAt).toISOString(),
  };
}

/** What an observed view says about itself (Zeebe): the full state is in Operate. */
export const OBSERVED_NOTE = {
  source: 'observed',
  complete: false,
  message:
    'Zeebe shows its full state only to Operate. This is what this app observed: instances it started or met through its jobs, user tasks it bridged, jobs its workers finished or failed, incidents its workers raised. Completion, timers, message correlation, gateway decisions and incidents the broker raises itself are not seen; Operate holds the full state.',
} as const;

/** Per element id of the diagram: ACTIVE when any of its instances is, else how its latest instance ended. */
export function elementStates(events: EngineEvent[], processInstanceKey: string): Map<string, ElementState> {
  const byInstance = new Map<string, { elementId: string; state: ElementState }>();
  for (const event of events) {
    if (!event.elementId || !event.elementInstanceKey || event.elementInstanceKey === processInstanceKey) continue;
    const state = { 'element.activated': 'ACTIVE', 'element.completed': 'COMPLETED', 'element.terminated': 'TERMINATED' }[event.type as string] as ElementState | undefined;
    if (!state) continue;
    byInstance.delete(event.elementInstanceKey); // re-insert: map order = order of each instance's last change
    byInstance.set(event.elementInstanceKey, { elementId: event.elementId, state });
  }
  const result = new Map<string, ElementState>();
  for (const { elementId, state } of byInstance.values()) {
    if (result.get(elementId) !== 'ACTIVE') result.set(elementId, state);
  }
  return result;
}

/** Element states from what was observed on Zeebe: events in order, plus inbox tasks not among them. */
function observedElementStates(
  observations: { type: string; elementInstanceKey: string | null; elementId: string | null; jobKey: string | null; detail: Record<string, unknown> }[],
  inboxTasks: { jobKey: string; elementId: string; state: string }[],
): Map<string, ElementState> {
  const byInstance = new Map<string, { elementId: string; state: ElementState }>();
  const set = (instanceKey: string, elementId: string, state: ElementState) => {
    byInstance.delete(instanceKey); // re-insert: map order = order of each instance's last change
    byInstance.set(instanceKey, { elementId, state });
  };
  for (const task of inboxTasks) {
    if (observations.some((o) => o.jobKey === task.jobKey)) continue;
    set(`task:${task.jobKey}`, task.elementId, task.state === 'CREATED' ? 'ACTIVE' : task.state === 'COMPLETED' ? 'COMPLETED' : 'TERMINATED');
  }
  for (const o of observations) {
    if (o.type === 'processInstance.terminated') {
      for (const [key, element] of byInstance) if (element.state === 'ACTIVE') byInstance.set(key, { ...element, state: 'TERMINATED' });
      continue;
    }
    if (!o.elementId || !o.elementInstanceKey) continue;
    const state: ElementState | undefined = {
      'userTask.created': 'ACTIVE',
      'job.failed': 'ACTIVE',
      'incident.created': 'ACTIVE',
      'incident.resolved': 'ACTIVE',
      'userTask.completed': 'COMPLETED',
      'job.completed': 'COMPLETED',
      'userTask.canceled': 'TERMINATED',
      'job.errorThrown': 'TERMINATED',
    }[o.type] as ElementState | undefined;
    if (state) set(o.elementInstanceKey, o.elementId, state);
  }
  const result = new Map<string, ElementState>();
  for (const { elementId, state } of byInstance.values()) {
    if (result.get(elementId) !== 'ACTIVE') result.set(elementId, state);
  }
  return result;
}

export interface InstanceDeps {
  engine: Engine;
  /** The embedded engine's read side; absent on Zeebe (its history lives in Operate). */
  reader?: Pick<EmbeddedEngine, 'getProcessInstance' | 'readEvents' | 'listIncidents'>;
  /** On Zeebe: what the app observed, and a wait until the events so far are recorded. */
  observed?: { queries: ObservedQueries; settled: () => Promise<void> };
  queries: InstanceQueries;
  audit: AuditRepository;
  now: () => number;
}

/** Starting, watching and cancelling process instances; publishing messages. */
export class InstanceService {
  constructor(private readonly deps: InstanceDeps) {}

  /** Starts an instance. Throws `Forbidden` when the principal may not start that process. */
  async start(request: { bpmnProcessId: string; version?: number; variables: Variables }, principal: Principal) {
    const variables = { ...request.variables };
    if (!hasRole(principal, ...(STARTERS[request.bpmnProcessId] ?? DEFAULT_STARTERS))) throw new Forbidden(`you may not start '${request.bpmnProcessId}'`);
    if (!hasRole(principal, 'admin', 'general-office')) {
      // a drafting department starts only for itself
      if (!principal.departmentId) throw new Forbidden('a drafting department user needs a department');
      if (variables.draftingDept !== undefined && variables.draftingDept !== principal.departmentId) throw new Forbidden(`you may only start processes for your own department (${principal.departmentId})`);
      variables.draftingDept = principal.departmentId;
    }
    const created = await this.deps.engine.createProcessInstance({ bpmnProcessId: request.bpmnProcessId, version: request.version, variables });
    await this.deps.audit.record({ actor: principal.id, action: 'instance.start', resource: 'process-instance', resourceId: created.processInstanceKey, after: { bpmnProcessId: created.bpmnProcessId, version: created.version, variables } });
    return { processInstanceKey: created.processInstanceKey, bpmnProcessId: created.bpmnProcessId, version: created.version, processDefinitionKey: created.processDefinitionKey };
  }

  /** A page of instances the principal may see (on Zeebe: those observed, see `OBSERVED_NOTE`). */
  async list(filter: Omit<InstanceFilter, 'draftingDept'>, principal: Principal) {
    if (!this.deps.reader && this.deps.observed) return this.listObserved(filter, principal);
    this.reader();
    const { rows, total } = await this.deps.queries.list({ ...filter, draftingDept: this.scope(principal) });
    const items = rows.map(({ draftingDept: _d, ...row }) => ({ ...row, createdAt: iso(row.createdAt), endedAt: row.endedAt === null ? null : iso(row.endedAt) }));
    return { items, total, page: filter.page, pageSize: filter.pageSize, source: 'engine' as const, complete: true };
  }

  /** One instance with variables, element states for the diagram, incidents and history. Throws `NotFound`. */
  async get(processInstanceKey: string, principal: Principal) {
    if (!this.deps.reader && this.deps.observed) return this.getObserved(processInstanceKey, principal);
    const reader = this.reader();
    const instance = await reader.getProcessInstance(processInstanceKey);
    const scope = this.scope(principal);
    if (!instance || (scope && instance.variables.draftingDept !== scope)) throw new NotFound(`no process instance ${processInstanceKey}`);
    const [events, incidents, overdue] = await Promise.all([
      reader.readEvents(0, 100_000, processInstanceKey),
      reader.listIncidents({ processInstanceKey }),
      this.deps.queries.overdueElements(processInstanceKey, this.deps.now()),
    ]);
    const elements = [...elementStates(events, processInstanceKey)].map(([elementId, state]) => ({ elementId, state, overdue: state === 'ACTIVE' && overdue.has(elementId) }));
    return {
      processInstanceKey: instance.processInstanceKey,
      bpmnProcessId: instance.bpmnProcessId,
      version: instance.version,
      processDefinitionKey: instance.processDefinitionKey,
      state: instance.state,
      variables: instance.variables,
      createdAt: iso(instance.createdAt),
      endedAt: instance.endedAt === undefined ? null : iso(instance.endedAt),
      elements,
      incidents: incidents.map(incidentView),
      history: events.map((e) => ({ type: e.type, elementId: e.elementId ?? null, timestamp: iso(e.timestamp) })),
      source: 'engine' as const,
      complete: true,
    };
  }

  /** On Zeebe: the instances the app started or met through its jobs; completion is never observed. */
  private async listObserved(filter: Omit<InstanceFilter, 'draftingDept'>, principal: Principal) {
    const observed = this.deps.observed!;
    const scope = this.scope(principal);
    if (filter.state === 'COMPLETED') throw new Invalid('on Zeebe the app does not see instances complete (Operate does): filter by ACTIVE or TERMINATED', [], 'NOT_SUPPORTED');
    await observed.settled();
    const { rows, total } = await observed.queries.list({ ...filter, state: filter.state, draftingDept: scope });
    const items = rows.map((row) => ({
      processInstanceKey: row.processInstanceKey,
      bpmnProcessId: row.bpmnProcessId,
      version: row.version,
      state: row.state,
      createdAt: iso(row.createdAt),
      endedAt: row.endedAt === null ? null : iso(row.endedAt),
      documentTitle: row.documentTitle,
      startedHere: row.startedHere,
    }));
    return { items, total, page: filter.page, pageSize: filter.pageSize, ...OBSERVED_NOTE };
  }

  /** On Zeebe: what the app observed of one instance, marked as such. Throws `NotFound`. */
  private async getObserved(processInstanceKey: string, principal: Principal) {
    const observed = this.deps.observed!;
    const scope = this.scope(principal);
    await observed.settled();
    const instance = await observed.queries.instance(processInstanceKey);
    if (!instance || (scope && instance.draftingDept !== scope)) throw new NotFound(`no process instance ${processInstanceKey} was observed`);
    const [observations, inboxTasks, incidents, overdue] = await Promise.all([
      observed.queries.observations(processInstanceKey),
      observed.queries.tasks(processInstanceKey),
      observed.queries.incidents({ processInstanceKey }),
      this.deps.queries.overdueElements(processInstanceKey, this.deps.now()),
    ]);
    const elements = [...observedElementStates(observations, inboxTasks)].map(([elementId, state]) => ({ elementId, state, overdue: state === 'ACTIVE' && overdue.has(elementId) }));
    return {
      processInstanceKey: instance.processInstanceKey,
      bpmnProcessId: instance.bpmnProcessId,
      version: instance.version,
      processDefinitionKey: instance.processDefinitionKey,
      state: instance.state,
      variables: instance.variables,
      createdAt: iso(instance.createdAt),
      endedAt: instance.endedAt === null ? null : iso(instance.endedAt),
      elements,
      incidents: incidents.map(observedIncidentView),
      history: observations.map((o) => ({ type: o.type, elementId: o.elementId, timestamp: iso(o.at) })),
      startedHere: instance.startedHere,
      ...OBSERVED_NOTE,
    };
  }

  /** Cancels a running instance (admin, General Office; checked by the route). Throws `NotFound`, or `Conflict` when it has ended. */
  async cancel(processInstanceKey: string, principal: Principal): Promise<void> {
    // on Zeebe an instance the app never observed may still run: the broker decides (NOT_FOUND → 404)
    const before = this.deps.reader ? await this.deps.reader.getProcessInstance(processInstanceKey) : await this.observedInstance(processInstanceKey);
    if (this.deps.reader && !before) throw new NotFound(`no process instance ${processInstanceKey}`);
    if (before && before.state !== 'ACTIVE' && before.state !== 'UNKNOWN') throw new Conflict(`process instance ${processInstanceKey} has already ended (${before.state})`);
    await this.deps.engine.cancelProcessInstance(processInstanceKey);
    await this.deps.audit.record({
      actor: principal.id,
      action: 'instance.cancel',
      resource: 'process-instance',
      resourceId: processInstanceKey,
      before: before ? { state: before.state, bpmnProcessId: before.bpmnProcessId, version: before.version } : null,
      after: { state: 'TERMINATED' },
    });
  }

  /** Publishes a message (admin, General Office; checked by the route). */
  async publishMessage(message: { name: string; correlationKey: string; variables?: Variables; timeToLive?: number; messageId?: string }, principal: Principal) {
    const { messageKey } = await this.deps.engine.publishMessage(message);
    await this.deps.audit.record({ actor: principal.id, action: 'message.publish', resource: 'message', resourceId: messageKey, after: message });
    return { messageKey };
  }

  private async observedInstance(processInstanceKey: string) {
    if (!this.deps.observed) return undefined;
    await this.deps.observed.settled();
    return this.deps.observed.queries.instance(processInstanceKey);
  }

  /** The department a principal's view is limited to, or undefined for all. Throws `Forbidden`. */
  private scope(principal: Principal): string | undefined {
    if (hasRole(principal, ...SEE_ALL)) return undefined;
    if (hasRole(principal, 'drafting-dept') && principal.departmentId) return principal.departmentId;
    throw new Forbidden('you may not see process instances');
  }

  private reader(): NonNullable<InstanceDeps['reader']> {
    if (!this.deps.reader) throw new Invalid('instance views need the embedded engine; on Zeebe use Operate', [], 'NOT_SUPPORTED');
    return this.deps.reader;
  }
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
