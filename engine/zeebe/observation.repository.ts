import { and, asc, eq, sql } from 'drizzle-orm';
import type { EngineEvent, Variables } from '../port';
import type { Db } from '../../store/database';
import { zeebeIncidents, zeebeInstances, zeebeObservations } from '../../store/schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Where an event happened, as far as the adapter knew; filled from an earlier event of the same job when it did not. */
interface Place {
  processInstanceKey: string;
  elementInstanceKey: string | null;
  elementId: string | null;
  elementName: string | null;
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** The few facts of an event worth keeping in the observed history. */
function detailOf(event: EngineEvent): Record<string, unknown> {
  const p = event.payload;
  const keep: Record<string, unknown> = {};
  for (const name of ['type', 'retries', 'errorMessage', 'errorCode', 'errorType', 'version', 'names', 'local'] as const) {
    if (p[name] !== undefined) keep[name === 'type' ? 'jobType' : name] = p[name];
  }
  return keep;
}

/** Writes what the Zeebe adapter's events tell about instances, jobs and incidents (one transaction per batch). */
export class ObservationRepository {
  constructor(private readonly db: Db) {}

  /** Records the events in order, in one transaction. */
  async record(events: EngineEvent[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const event of events) await this.recordOne(tx, event);
    });
  }

  /** Marks the active incident of a job resolved (after the gateway accepted the resolution). */
  async resolveIncident(jobKey: string, incidentKey: string, at: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(zeebeIncidents)
        .set({ state: 'RESOLVED', incidentKey, resolvedAt: at })
        .where(and(eq(zeebeIncidents.jobKey, jobKey), eq(zeebeIncidents.state, 'ACTIVE')))
        .returning();
      if (!row) return;
      await tx.insert(zeebeObservations).values({
        processInstanceKey: row.processInstanceKey,
        type: 'incident.resolved',
        elementInstanceKey: row.elementInstanceKey,
        elementId: row.elementId,
        elementName: row.elementName,
        jobKey,
        detail: { incidentKey },
        at,
      });
    });
  }

  private async recordOne(tx: Tx, event: EngineEvent): Promise<void> {
    switch (event.type) {
      case 'processInstance.created':
        return this.started(tx, event);
      case 'processInstance.terminated':
        return this.terminated(tx, event);
      case 'variables.updated':
        return this.variablesSet(tx, event);
      case 'userTask.created':
      case 'userTask.completed':
      case 'userTask.canceled':
      case 'job.completed':
      case 'job.failed':
      case 'job.errorThrown':
      case 'incident.created':
        return this.jobEvent(tx, event);
      default:
        // deployments, messages and signals belong to no instance the app can name
        return;
    }
  }

  private async started(tx: Tx, event: EngineEvent): Promise<void> {
    const key = event.processInstanceKey;
    if (!key || !event.bpmnProcessId) return;
    const variables = (event.payload.variables ?? {}) as Variables;
    await tx
      .insert(zeebeInstances)
      .values({
        processInstanceKey: key,
        bpmnProcessId: event.bpmnProcessId,
        version: Number(event.payload.version),
        processDefinitionKey: String(event.payload.processDefinitionKey ?? ''),
        startedHere: true,
        variables,
        draftingDept: text(variables.draftingDept),
        documentTitle: text(variables.documentTitle),
        createdAt: event.timestamp,
      })
      // a job of it may have been met before the gateway answered the creation
      .onConflictDoUpdate({
        target: zeebeInstances.processInstanceKey,
        set: { startedHere: true, variables, draftingDept: text(variables.draftingDept), documentTitle: text(variables.documentTitle) },
      });
    await tx.insert(zeebeObservations).values({ processInstanceKey: key, type: event.type, elementId: event.bpmnProcessId, detail: detailOf(event), at: event.timestamp });
  }

  private async terminated(tx: Tx, event: EngineEvent): Promise<void> {
    const key = event.processInstanceKey;
    if (!key) return;
    const [row] = await tx.update(zeebeInstances).set({ endState: 'TERMINATED', endedAt: event.timestamp }).where(eq(zeebeInstances.processInstanceKey, key)).returning({ key: zeebeInstances.processInstanceKey });
    if (!row) return;
    // cancelling an instance resolves its incidents in the broker
    await tx.update(zeebeIncidents).set({ state: 'RESOLVED', resolvedAt: event.timestamp }).where(and(eq(zeebeIncidents.processInstanceKey, key), eq(zeebeIncidents.state, 'ACTIVE')));
    await tx.insert(zeebeObservations).values({ processInstanceKey: key, type: event.type, detail: {}, at: event.timestamp });
  }

  private async variablesSet(tx: Tx, event: EngineEvent): Promise<void> {
    const scope = text(event.payload.scopeKey);
    if (!scope) return;
    const [instance] = await tx.select({ key: zeebeInstances.processInstanceKey }).from(zeebeInstances).where(eq(zeebeInstances.processInstanceKey, scope)).limit(1);
    if (!instance) return; // an element scope: which instance it belongs to is not known
    await tx.insert(zeebeObservations).values({ processInstanceKey: scope, type: event.type, detail: detailOf(event), at: event.timestamp });
  }

  private async jobEvent(tx: Tx, event: EngineEvent): Promise<void> {
    const jobKey = text(event.payload.jobKey);
    const place = await this.placeOf(tx, event, jobKey);
    if (!place) return;
    await this.met(tx, event, place.processInstanceKey);
    const elementName = text(event.payload.name) ?? text(event.payload.elementName) ?? place.elementName;
    await tx
      .insert(zeebeObservations)
      .values({ ...place, elementName, type: event.type, jobKey, detail: detailOf(event), at: event.timestamp })
      .onConflictDoNothing(); // a user task announced again
    if (event.type === 'incident.created' && jobKey && place.elementInstanceKey && place.elementId) {
      await tx
        .insert(zeebeIncidents)
        .values({
          jobKey,
          state: 'ACTIVE',
          errorType: String(event.payload.errorType ?? 'JOB_NO_RETRIES'),
          errorMessage: String(event.payload.errorMessage ?? ''),
          processInstanceKey: place.processInstanceKey,
          elementInstanceKey: place.elementInstanceKey,
          elementId: place.elementId,
          elementName,
          bpmnProcessId: event.bpmnProcessId ?? '',
          createdAt: event.timestamp,
        })
        .onConflictDoNothing(); // one active incident per job
    }
  }

  /** The event's instance and element; for a job this process did not activate, those of its earlier observation. */
  private async placeOf(tx: Tx, event: EngineEvent, jobKey: string | null): Promise<Place | undefined> {
    if (event.processInstanceKey) {
      return { processInstanceKey: event.processInstanceKey, elementInstanceKey: event.elementInstanceKey ?? null, elementId: event.elementId ?? null, elementName: null };
    }
    if (!jobKey) return undefined;
    const [earlier] = await tx
      .select({ processInstanceKey: zeebeObservations.processInstanceKey, elementInstanceKey: zeebeObservations.elementInstanceKey, elementId: zeebeObservations.elementId, elementName: zeebeObservations.elementName })
      .from(zeebeObservations)
      .where(eq(zeebeObservations.jobKey, jobKey))
      .orderBy(asc(zeebeObservations.id))
      .limit(1);
    return earlier;
  }

  /**
   * Makes sure the instance of a job has a row: an instance started by a timer, a message or a call
   * activity is first met through a job. A user task's variables are the freshest snapshot there is.
   */
  private async met(tx: Tx, event: EngineEvent, processInstanceKey: string): Promise<void> {
    const definitionKey = text(event.payload.processDefinitionKey);
    const snapshot = event.type === 'userTask.created' ? ((event.payload.variables ?? {}) as Variables) : undefined;
    if (definitionKey && event.bpmnProcessId) {
      await tx
        .insert(zeebeInstances)
        .values({
          processInstanceKey,
          bpmnProcessId: event.bpmnProcessId,
          version: Number(event.payload.processDefinitionVersion ?? 0),
          processDefinitionKey: definitionKey,
          startedHere: false,
          variables: snapshot ?? {},
          draftingDept: text(snapshot?.draftingDept),
          documentTitle: text(snapshot?.documentTitle),
          createdAt: event.timestamp,
        })
        .onConflictDoNothing();
    }
    if (snapshot) {
      await tx
        .update(zeebeInstances)
        .set({
          variables: sql`${zeebeInstances.variables} || ${JSON.stringify(snapshot)}::jsonb`,
          draftingDept: sql`coalesce(${text(snapshot.draftingDept)}, ${zeebeInstances.draftingDept})`,
          documentTitle: sql`coalesce(${text(snapshot.documentTitle)}, ${zeebeInstances.documentTitle})`,
        })
        .where(eq(zeebeInstances.processInstanceKey, processInstanceKey));
    }
  }
}
