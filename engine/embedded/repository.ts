import { and, asc, eq, gt, gte, inArray, lte, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../store/database';
import * as t from '../../store/schema';
import type { EngineEvent } from '../port';
import type { Effects, EventDraft, IncidentRow, JobRow, MessageRow, SignalSubscriptionRow, SubscriptionRow, TimerRow } from './effects';
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
    return (await this.loadInstances(db, [key]))[0];
  }

  async loadInstances(db: Db, keys: number[]): Promise<InstanceRecord[]> {
    if (keys.length === 0) return [];
    const rows = await db.select().from(t.processInstances).where(keys.length === 1 ? eq(t.processInstances.key, keys[0]!) : inArray(t.processInstances.key, keys));
    return rows.map((row) => ({
      key: row.key,
      processDefinitionKey: row.processDefinitionKey,
      bpmnProcessId: row.bpmnProcessId,
      version: row.version,
      state: row.state as InstanceRecord['state'],
      runtime: row.runtime as Runtime,
      createdAt: row.createdAt,
      endedAt: row.endedAt ?? undefined,
      isNew: false,
      parent: row.parentProcessInstanceKey ? { processInstanceKey: row.parentProcessInstanceKey, elementInstanceKey: row.parentElementInstanceKey! } : undefined,
      startCorrelationKey: row.startCorrelationKey ?? undefined,
    }));
  }

  async saveInstances(db: Db, records: InstanceRecord[]): Promise<void> {
    if (records.length === 0) return;
    for (const chunk of chunks(records, 500)) await this.saveInstanceChunk(db, chunk);
  }

  private async saveInstanceChunk(db: Db, records: InstanceRecord[]): Promise<void> {
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
          parentProcessInstanceKey: r.parent?.processInstanceKey ?? null,
          parentElementInstanceKey: r.parent?.elementInstanceKey ?? null,
          startCorrelationKey: r.startCorrelationKey ?? null,
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
    const conditions = [eq(t.jobs.type, type), ...activatableAt(now)];
    if (exclude.length) conditions.push(notInArray(t.jobs.key, exclude));
    const rows = await db.select().from(t.jobs).where(and(...conditions)).orderBy(asc(t.jobs.key)).limit(limit);
    return rows as JobRow[];
  }

  /** Which of these jobs can still be activated at `now` (one read for a poll's rows). */
  async stillActivatable(db: Db, keys: number[], now: number): Promise<Set<number>> {
    if (keys.length === 0) return new Set();
    const rows = await db.select({ key: t.jobs.key }).from(t.jobs).where(and(inArray(t.jobs.key, keys), ...activatableAt(now)));
    return new Set(rows.map((row) => Number(row.key)));
  }

  async dueTimers(db: Db, now: number, limit: number): Promise<TimerRow[]> {
    const rows = await db.select().from(t.timers).where(lte(t.timers.dueAt, now)).orderBy(asc(t.timers.dueAt)).limit(limit);
    return rows as TimerRow[];
  }

  /** The timers of these keys that still exist, earliest due first. */
  async findTimers(db: Db, keys: number[]): Promise<TimerRow[]> {
    if (keys.length === 0) return [];
    const rows = await db.select().from(t.timers).where(inArray(t.timers.key, keys)).orderBy(asc(t.timers.dueAt), asc(t.timers.key));
    return rows as TimerRow[];
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
      .where(and(eq(t.messageSubscriptions.messageName, name), eq(t.messageSubscriptions.correlationKey, correlationKey), gt(t.messageSubscriptions.processInstanceKey, 0)))
      .orderBy(asc(t.messageSubscriptions.key));
    return rows as SubscriptionRow[];
  }

  /** Message start events listening for this message name (latest versions only: older ones are removed at deploy). */
  async messageStartSubscriptions(db: Db, name: string): Promise<SubscriptionRow[]> {
    const rows = await db
      .select()
      .from(t.messageSubscriptions)
      .where(and(eq(t.messageSubscriptions.messageName, name), eq(t.messageSubscriptions.processInstanceKey, 0)))
      .orderBy(asc(t.messageSubscriptions.key));
    return rows as SubscriptionRow[];
  }

  /** The message start events of a process (its latest version). */
  async messageStartSubscriptionsOf(db: Db, bpmnProcessId: string): Promise<SubscriptionRow[]> {
    const rows = await db
      .select()
      .from(t.messageSubscriptions)
      .where(and(eq(t.messageSubscriptions.bpmnProcessId, bpmnProcessId), eq(t.messageSubscriptions.processInstanceKey, 0)))
      .orderBy(asc(t.messageSubscriptions.key));
    return rows as SubscriptionRow[];
  }

  /** Keys of active instances started by a message with this correlation key. */
  async activeWithStartCorrelation(db: Db, bpmnProcessId: string, correlationKey: string): Promise<number[]> {
    const rows = await db
      .select({ key: t.processInstances.key })
      .from(t.processInstances)
      .where(and(eq(t.processInstances.bpmnProcessId, bpmnProcessId), eq(t.processInstances.startCorrelationKey, correlationKey), eq(t.processInstances.state, 'ACTIVE')));
    return rows.map((r) => r.key);
  }

  async signalSubscriptionsFor(db: Db, name: string): Promise<SignalSubscriptionRow[]> {
    const rows = await db.select().from(t.signalSubscriptions).where(eq(t.signalSubscriptions.signalName, name)).orderBy(asc(t.signalSubscriptions.key));
    return rows as SignalSubscriptionRow[];
  }

  /** Removes the start-event timers and subscriptions of every deployed version of a process. */
  async deleteStartTriggers(db: Db, bpmnProcessId: string): Promise<void> {
    await db.delete(t.timers).where(and(eq(t.timers.processInstanceKey, 0), sql`${t.timers.processDefinitionKey} in (select key from process_definitions where bpmn_process_id = ${bpmnProcessId})`));
    await db.delete(t.messageSubscriptions).where(and(eq(t.messageSubscriptions.processInstanceKey, 0), eq(t.messageSubscriptions.bpmnProcessId, bpmnProcessId)));
    await db.delete(t.signalSubscriptions).where(and(eq(t.signalSubscriptions.processInstanceKey, 0), eq(t.signalSubscriptions.bpmnProcessId, bpmnProcessId)));
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
    for (const chunk of chunks(effects.jobInserts, 1_000)) await db.insert(t.jobs).values(chunk);
    for (const [key, change] of effects.jobUpdates) await db.update(t.jobs).set(change).where(eq(t.jobs.key, key));
    for (const chunk of chunks(effects.jobDeletes, 5_000)) await db.delete(t.jobs).where(inArray(t.jobs.key, chunk));
    for (const chunk of chunks(effects.timerInserts, 1_000)) await db.insert(t.timers).values(chunk);
    for (const chunk of chunks(effects.timerDeletes, 5_000)) await db.delete(t.timers).where(inArray(t.timers.key, chunk));
    for (const chunk of chunks(effects.subscriptionInserts, 1_000)) await db.insert(t.messageSubscriptions).values(chunk);
    for (const chunk of chunks(effects.subscriptionDeletes, 5_000)) await db.delete(t.messageSubscriptions).where(inArray(t.messageSubscriptions.key, chunk));
    for (const chunk of chunks(effects.signalInserts, 1_000)) await db.insert(t.signalSubscriptions).values(chunk);
    for (const chunk of chunks(effects.signalDeletes, 5_000)) await db.delete(t.signalSubscriptions).where(inArray(t.signalSubscriptions.key, chunk));
    if (effects.messageInserts.length) await db.insert(t.messages).values(effects.messageInserts);
    if (effects.messageDeletes.length) await db.delete(t.messages).where(inArray(t.messages.key, effects.messageDeletes));
    if (effects.correlationInserts.length) await db.insert(t.messageCorrelations).values(effects.correlationInserts).onConflictDoNothing();
    for (const chunk of chunks(effects.incidentInserts, 1_000)) await db.insert(t.incidents).values(chunk);
    if (effects.incidentResolves.length) {
      await db.update(t.incidents).set({ state: 'RESOLVED', resolvedAt: now }).where(inArray(t.incidents.key, effects.incidentResolves));
    }
  }

  /**
   * Appends events to the log and returns them with their positions. Consecutive events of the
   * same instance share a row (at most EVENTS_PER_ROW), so positions stay in commit order.
   */
  async appendEvents(db: Db, drafts: EventDraft[], timestamp: number): Promise<EngineEvent[]> {
    const runs: EventDraft[][] = [];
    for (const draft of drafts) {
      const last = runs[runs.length - 1];
      if (last && last.length < EVENTS_PER_ROW && last[0]!.processInstanceKey === draft.processInstanceKey) last.push(draft);
      else runs.push([draft]);
    }
    const events: EngineEvent[] = [];
    for (const chunk of chunks(runs, 1_000)) {
      const rows = await db
        .insert(t.engineEventLog)
        .values(
          chunk.map((run) => ({
            timestamp,
            processInstanceKey: run[0]!.processInstanceKey ?? null,
            bpmnProcessId: run[0]!.bpmnProcessId ?? null,
            events: run.map((d) => ({ type: d.type, elementInstanceKey: d.elementInstanceKey, elementId: d.elementId, payload: d.payload })),
          })),
        )
        .returning({ position: t.engineEventLog.position });
      chunk.forEach((run, r) => run.forEach((d, i) => events.push(toEvent(rows[r]!.position * EVENTS_PER_ROW + i, timestamp, d))));
    }
    return events;
  }

  /** Events after `afterPosition` in order (optionally of one instance), at most `limit`. */
  async readEvents(db: Db, afterPosition: number, limit: number, processInstanceKey?: number): Promise<EngineEvent[]> {
    const conditions = [gte(t.engineEventLog.position, Math.floor(afterPosition / EVENTS_PER_ROW))];
    if (processInstanceKey) conditions.push(eq(t.engineEventLog.processInstanceKey, processInstanceKey));
    const events: EngineEvent[] = [];
    let from = conditions;
    for (;;) {
      const rows = await db.select().from(t.engineEventLog).where(and(...from)).orderBy(asc(t.engineEventLog.position)).limit(100);
      for (const row of rows) {
        (row.events as StoredEvent[]).forEach((stored, i) => {
          const position = row.position * EVENTS_PER_ROW + i;
          if (position <= afterPosition || events.length >= limit) return;
          events.push(
            toEvent(position, row.timestamp, {
              type: stored.type,
              processInstanceKey: row.processInstanceKey ?? undefined,
              elementInstanceKey: stored.elementInstanceKey,
              elementId: stored.elementId,
              bpmnProcessId: row.bpmnProcessId ?? undefined,
              payload: stored.payload,
            }),
          );
        });
      }
      if (rows.length < 100 || events.length >= limit) return events;
      from = [...conditions, gt(t.engineEventLog.position, rows[rows.length - 1]!.position)];
    }
  }
}

/** Most events one log row holds; event positions are `row position * EVENTS_PER_ROW + index`. */
const EVENTS_PER_ROW = 1_000;

interface StoredEvent {
  type: EventDraft['type'];
  elementInstanceKey?: number;
  elementId?: string;
  payload: Record<string, unknown>;
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

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** A job a worker may be given at `now`: waiting, with retries left, past its back-off. */
function activatableAt(now: number) {
  return [eq(t.jobs.state, 'ACTIVATABLE'), lte(t.jobs.retryAt, now), gt(t.jobs.retries, 0)];
}
