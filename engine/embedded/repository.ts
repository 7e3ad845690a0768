import { and, asc, eq, gt, inArray, lte, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../store/database';
import * as t from '../../store/schema';
import type { EngineEvent } from '../port';
import type { Effects, EventDraft, IncidentRow, JobRow, MessageRow, SubscriptionRow, TimerRow } from './effects';
import type { InstanceRecord, Runtime } from './instance';

/** Zeebe's first key on partition 1; our keys look the same. */
const FIRST_KEY = 2251799813685249;

/** All SQL of the embedded engine. Every method takes the transaction it runs in. */
export class EngineRepository {
  /** Reserves `count` keys and returns the block [from, to). */
  async reserveKeys(db: Db, count: number): Promise<[number, number]> {
    const rows = await db
      .insert(t.engineMeta)
      .values({ name: 'next_key', value: FIRST_KEY + count })
      .onConflictDoUpdate({ target: t.engineMeta.name, set: { value: sql`${t.engineMeta.value} + ${count}` } })
      .returning({ value: t.engineMeta.value });
    const to = rows[0]!.value;
    return [to - count, to];
  }

  // ------------------------------------------------------------ definitions

  async latestVersion(db: Db, bpmnProcessId: string): Promise<typeof t.processDefinitions.$inferSelect | undefined> {
    const rows = await db.select().from(t.processDefinitions).where(eq(t.processDefinitions.bpmnProcessId, bpmnProcessId)).orderBy(sql`${t.processDefinitions.version} desc`).limit(1);
    return rows[0];
  }

  async definitionByVersion(db: Db, bpmnProcessId: string, version: number) {
    const rows = await db.select().from(t.processDefinitions).where(and(eq(t.processDefinitions.bpmnProcessId, bpmnProcessId), eq(t.processDefinitions.version, version)));
    return rows[0];
  }

  async definitionByKey(db: Db, key: number) {
    const rows = await db.select().from(t.processDefinitions).where(eq(t.processDefinitions.key, key));
    return rows[0];
  }

  async insertDeployment(db: Db, key: number, createdAt: number, definitions: (typeof t.processDefinitions.$inferInsert)[]): Promise<void> {
    await db.insert(t.deployments).values({ key, createdAt });
    if (definitions.length) await db.insert(t.processDefinitions).values(definitions);
  }

  // ------------------------------------------------------------ instances

  async loadInstance(db: Db, key: number): Promise<InstanceRecord | undefined> {
    const rows = await db.select().from(t.processInstances).where(eq(t.processInstances.key, key));
    const row = rows[0];
    if (!row) return undefined;
    return {
      key: row.key,
      processDefinitionKey: row.processDefinitionKey,
      bpmnProcessId: row.bpmnProcessId,
      version: row.version,
      state: row.state as InstanceRecord['state'],
      runtime: row.runtime as Runtime,
      createdAt: row.createdAt,
      endedAt: row.endedAt ?? undefined,
      isNew: false,
    };
  }

  async saveInstances(db: Db, records: InstanceRecord[]): Promise<void> {
    if (records.length === 0) return;
    await db
      .insert(t.processInstances)
      .values(
        records.map((r) => ({
          key: r.key,
          processDefinitionKey: r.processDefinitionKey,
          bpmnProcessId: r.bpmnProcessId,
          version: r.version,
          state: r.state,
          runtime: r.runtime,
          createdAt: r.createdAt,
          endedAt: r.endedAt ?? null,
        })),
      )
      .onConflictDoUpdate({
        target: t.processInstances.key,
        set: { state: sql`excluded.state`, runtime: sql`excluded.runtime`, endedAt: sql`excluded.ended_at` },
      });
  }

  /** The process instance that owns an element instance key (scopes, waiting elements). */
  async instanceOwning(db: Db, elementInstanceKey: number): Promise<number | undefined> {
    const direct = await db.select({ key: t.processInstances.key }).from(t.processInstances).where(eq(t.processInstances.key, elementInstanceKey));
    if (direct[0]) return direct[0].key;
    const rows = await db
      .select({ key: t.processInstances.key })
      .from(t.processInstances)
      .where(and(eq(t.processInstances.state, 'ACTIVE'), sql`${t.processInstances.runtime}->'elements' ? ${String(elementInstanceKey)}`))
      .limit(1);
    return rows[0]?.key;
  }

  // ------------------------------------------------------------ jobs, timers, subscriptions, messages, incidents

  async findJob(db: Db, key: number): Promise<JobRow | undefined> {
    const rows = await db.select().from(t.jobs).where(eq(t.jobs.key, key));
    return rows[0] as JobRow | undefined;
  }

  async activatableJobs(db: Db, type: string, now: number, limit: number, exclude: number[]): Promise<JobRow[]> {
    const conditions = [eq(t.jobs.type, type), eq(t.jobs.state, 'ACTIVATABLE'), lte(t.jobs.retryAt, now), gt(t.jobs.retries, 0)];
    if (exclude.length) conditions.push(notInArray(t.jobs.key, exclude));
    const rows = await db.select().from(t.jobs).where(and(...conditions)).orderBy(asc(t.jobs.key)).limit(limit);
    return rows as JobRow[];
  }

  async dueTimers(db: Db, now: number, limit: number): Promise<TimerRow[]> {
    const rows = await db.select().from(t.timers).where(lte(t.timers.dueAt, now)).orderBy(asc(t.timers.dueAt)).limit(limit);
    return rows as TimerRow[];
  }

  async findTimer(db: Db, key: number): Promise<TimerRow | undefined> {
    const rows = await db.select().from(t.timers).where(eq(t.timers.key, key));
    return rows[0] as TimerRow | undefined;
  }

  async nextTimerDue(db: Db): Promise<number | undefined> {
    const rows = await db.select({ dueAt: sql<number>`min(${t.timers.dueAt})` }).from(t.timers);
    const value = rows[0]?.dueAt;
    return value === null || value === undefined ? undefined : Number(value);
  }

  async subscriptionsFor(db: Db, name: string, correlationKey: string): Promise<SubscriptionRow[]> {
    const rows = await db
      .select()
      .from(t.messageSubscriptions)
      .where(and(eq(t.messageSubscriptions.messageName, name), eq(t.messageSubscriptions.correlationKey, correlationKey)))
      .orderBy(asc(t.messageSubscriptions.key));
    return rows as SubscriptionRow[];
  }

  /** The oldest live buffered message for a subscription, not yet correlated to that process. */
  async bufferedMessage(db: Db, name: string, correlationKey: string, bpmnProcessId: string, now: number): Promise<MessageRow | undefined> {
    const rows = await db
      .select()
      .from(t.messages)
      .where(
        and(
          eq(t.messages.name, name),
          eq(t.messages.correlationKey, correlationKey),
          gt(t.messages.expiresAt, now),
          sql`not exists (select 1 from ${t.messageCorrelations} c where c.message_key = ${t.messages.key} and c.bpmn_process_id = ${bpmnProcessId})`,
        ),
      )
      .orderBy(asc(t.messages.key))
      .limit(1);
    return rows[0] as MessageRow | undefined;
  }

  async liveMessageWithId(db: Db, name: string, correlationKey: string, messageId: string, now: number): Promise<boolean> {
    const rows = await db
      .select({ key: t.messages.key })
      .from(t.messages)
      .where(and(eq(t.messages.name, name), eq(t.messages.correlationKey, correlationKey), eq(t.messages.messageId, messageId), gt(t.messages.expiresAt, now)));
    return rows.length > 0;
  }

  /** Deletes messages whose time-to-live ran out; returns their keys. */
  async deleteExpiredMessages(db: Db, now: number): Promise<number[]> {
    const rows = await db.delete(t.messages).where(lte(t.messages.expiresAt, now)).returning({ key: t.messages.key });
    const keys = rows.map((r) => r.key);
    if (keys.length) await db.delete(t.messageCorrelations).where(inArray(t.messageCorrelations.messageKey, keys));
    return keys;
  }

  async findIncident(db: Db, key: number): Promise<IncidentRow | undefined> {
    const rows = await db.select().from(t.incidents).where(eq(t.incidents.key, key));
    return rows[0] as IncidentRow | undefined;
  }

  async listIncidents(db: Db, filter: { processInstanceKey?: number; state?: 'ACTIVE' | 'RESOLVED' }): Promise<IncidentRow[]> {
    const conditions = [];
    if (filter.processInstanceKey) conditions.push(eq(t.incidents.processInstanceKey, filter.processInstanceKey));
    if (filter.state) conditions.push(eq(t.incidents.state, filter.state));
    const rows = await db.select().from(t.incidents).where(conditions.length ? and(...conditions) : undefined).orderBy(asc(t.incidents.key));
    return rows as IncidentRow[];
  }

  // ------------------------------------------------------------ writes

  /** Writes a command's row changes; inserts before deletes, so a row made and removed in one command leaves nothing. */
  async writeEffects(db: Db, effects: Effects, now: number): Promise<void> {
    if (effects.tablesUntouched) return;
    if (effects.jobInserts.length) await db.insert(t.jobs).values(effects.jobInserts);
    for (const [key, change] of effects.jobUpdates) await db.update(t.jobs).set(change).where(eq(t.jobs.key, key));
    if (effects.jobDeletes.length) await db.delete(t.jobs).where(inArray(t.jobs.key, effects.jobDeletes));
    if (effects.timerInserts.length) await db.insert(t.timers).values(effects.timerInserts);
    if (effects.timerDeletes.length) await db.delete(t.timers).where(inArray(t.timers.key, effects.timerDeletes));
    if (effects.subscriptionInserts.length) await db.insert(t.messageSubscriptions).values(effects.subscriptionInserts);
    if (effects.subscriptionDeletes.length) await db.delete(t.messageSubscriptions).where(inArray(t.messageSubscriptions.key, effects.subscriptionDeletes));
    if (effects.messageInserts.length) await db.insert(t.messages).values(effects.messageInserts);
    if (effects.messageDeletes.length) await db.delete(t.messages).where(inArray(t.messages.key, effects.messageDeletes));
    if (effects.correlationInserts.length) await db.insert(t.messageCorrelations).values(effects.correlationInserts).onConflictDoNothing();
    if (effects.incidentInserts.length) await db.insert(t.incidents).values(effects.incidentInserts);
    if (effects.incidentResolves.length) {
      await db.update(t.incidents).set({ state: 'RESOLVED', resolvedAt: now }).where(inArray(t.incidents.key, effects.incidentResolves));
    }
  }

  /** Appends events to the log and returns them with their positions. */
  async appendEvents(db: Db, drafts: EventDraft[], timestamp: number): Promise<EngineEvent[]> {
    if (drafts.length === 0) return [];
    const rows = await db
      .insert(t.engineEvents)
      .values(
        drafts.map((d) => ({
          type: d.type,
          timestamp,
          processInstanceKey: d.processInstanceKey ?? null,
          elementInstanceKey: d.elementInstanceKey ?? null,
          elementId: d.elementId ?? null,
          bpmnProcessId: d.bpmnProcessId ?? null,
          payload: d.payload,
        })),
      )
      .returning({ position: t.engineEvents.position });
    return drafts.map((d, i) => toEvent(rows[i]!.position, timestamp, d));
  }

  async readEvents(db: Db, afterPosition: number, limit: number, processInstanceKey?: number): Promise<EngineEvent[]> {
    const conditions = [gt(t.engineEvents.position, afterPosition)];
    if (processInstanceKey) conditions.push(eq(t.engineEvents.processInstanceKey, processInstanceKey));
    const rows = await db.select().from(t.engineEvents).where(and(...conditions)).orderBy(asc(t.engineEvents.position)).limit(limit);
    return rows.map((r) =>
      toEvent(r.position, r.timestamp, {
        type: r.type as EventDraft['type'],
        processInstanceKey: r.processInstanceKey ?? undefined,
        elementInstanceKey: r.elementInstanceKey ?? undefined,
        elementId: r.elementId ?? undefined,
        bpmnProcessId: r.bpmnProcessId ?? undefined,
        payload: r.payload as Record<string, unknown>,
      }),
    );
  }
}

function toEvent(position: number, timestamp: number, d: EventDraft): EngineEvent {
  return {
    position,
    type: d.type,
    timestamp,
    processInstanceKey: d.processInstanceKey !== undefined ? String(d.processInstanceKey) : undefined,
    elementInstanceKey: d.elementInstanceKey !== undefined ? String(d.elementInstanceKey) : undefined,
    elementId: d.elementId,
    bpmnProcessId: d.bpmnProcessId,
    payload: d.payload,
  };
}
