import type { EngineEventType, Variables } from '../port';

/** Rows and events a command produces; written in the command's transaction. */
export interface JobRow {
  key: number;
  type: string;
  state: 'ACTIVATABLE' | 'FAILED' | 'ERROR_THROWN';
  processInstanceKey: number;
  elementInstanceKey: number;
  elementId: string;
  bpmnProcessId: string;
  processDefinitionKey: number;
  processDefinitionVersion: number;
  customHeaders: Record<string, string>;
  retries: number;
  retryAt: number;
  errorMessage: string | null;
  createdAt: number;
}

export interface TimerRow {
  key: number;
  dueAt: number;
  processInstanceKey: number;
  elementInstanceKey: number;
  elementId: string;
  repetitions: number;
  definition: { kind: 'duration' | 'date' | 'cycle'; value: string };
  /** Timer start events only. */
  processDefinitionKey?: number | null;
}

export interface SubscriptionRow {
  key: number;
  messageName: string;
  correlationKey: string;
  processInstanceKey: number;
  elementInstanceKey: number;
  elementId: string;
  bpmnProcessId: string;
  interrupting: number;
  /** Message start events only. */
  processDefinitionKey?: number | null;
}

export interface SignalSubscriptionRow {
  key: number;
  signalName: string;
  processInstanceKey: number;
  elementInstanceKey: number;
  elementId: string;
  bpmnProcessId: string;
  /** Signal start events only. */
  processDefinitionKey?: number | null;
}

/** Where an error or escalation was thrown, for an incident raised after the search left the instance. */
export interface ThrowOrigin {
  processInstanceKey: number;
  elementInstanceKey: number;
}

/** Work an execution asks of other process instances (call activities, signals); done in the same command. */
export type CrossInstanceRequest =
  | { kind: 'startChild'; parentKey: number; callActivityKey: number; childKey: number; processId: string; variables: Variables }
  | { kind: 'childCompleted'; parentKey: number; callActivityKey: number; childKey: number; variables: Variables }
  | { kind: 'cancelChild'; childKey: number }
  | { kind: 'childError'; parentKey: number; callActivityKey: number; errorCode: string; errorMessage: string; variables: Variables; origin: ThrowOrigin }
  | { kind: 'uncaughtError'; origin: ThrowOrigin; errorCode: string; errorMessage: string }
  | { kind: 'childEscalation'; parentKey: number; callActivityKey: number; escalationCode: string; variables: Variables }
  | { kind: 'broadcastSignal'; name: string; variables: Variables }
  | { kind: 'startKeyReleased'; bpmnProcessId: string; correlationKey: string };

export interface IncidentRow {
  key: number;
  state: 'ACTIVE' | 'RESOLVED';
  errorType: string;
  errorMessage: string;
  processInstanceKey: number;
  elementInstanceKey: number;
  elementId: string;
  bpmnProcessId: string;
  jobKey: number | null;
  createdAt: number;
  resolvedAt: number | null;
}

export interface MessageRow {
  key: number;
  name: string;
  correlationKey: string;
  messageId: string | null;
  variables: Variables;
  expiresAt: number;
}

export interface EventDraft {
  type: EngineEventType;
  processInstanceKey?: number;
  elementInstanceKey?: number;
  elementId?: string;
  bpmnProcessId?: string;
  payload: Record<string, unknown>;
}

/** A job created by a command, with the variables visible to it at that moment (for direct hand-over). */
export interface CreatedJob {
  row: JobRow;
  variables: Variables;
}

export class Effects {
  readonly jobInserts: JobRow[] = [];
  readonly jobDeletes: number[] = [];
  readonly jobUpdates = new Map<number, Partial<JobRow>>();
  readonly timerInserts: TimerRow[] = [];
  readonly timerDeletes: number[] = [];
  readonly subscriptionInserts: SubscriptionRow[] = [];
  readonly subscriptionDeletes: number[] = [];
  readonly signalInserts: SignalSubscriptionRow[] = [];
  readonly signalDeletes: number[] = [];
  readonly crossInstance: CrossInstanceRequest[] = [];
  readonly incidentInserts: IncidentRow[] = [];
  readonly incidentResolves: number[] = [];
  readonly messageInserts: MessageRow[] = [];
  readonly messageDeletes: number[] = [];
  readonly correlationInserts: { messageKey: number; bpmnProcessId: string }[] = [];
  readonly events: EventDraft[] = [];
  readonly createdJobs: CreatedJob[] = [];
  /** Jobs that became activatable again without being created (retries, resolved incidents). */
  readonly reactivatedJobTypes = new Set<string>();

  /** True when nothing but events needs writing. */
  get tablesUntouched(): boolean {
    return (
      this.jobInserts.length + this.jobDeletes.length + this.jobUpdates.size + this.timerInserts.length + this.timerDeletes.length +
        this.subscriptionInserts.length + this.subscriptionDeletes.length + this.signalInserts.length + this.signalDeletes.length + this.incidentInserts.length + this.incidentResolves.length +
        this.messageInserts.length + this.messageDeletes.length + this.correlationInserts.length ===
      0
    );
  }
}

/** Hands out Zeebe-style 64-bit keys from a block reserved in the database. */
export class KeyAllocator {
  private next = 0;
  private end = 0;

  /** Adds the block [from, to) to the keys that can be handed out. */
  refill(from: number, to: number): void {
    this.next = from;
    this.end = to;
  }

  get remaining(): number {
    return this.end - this.next;
  }

  take(): number {
    if (this.next >= this.end) throw new Error('key block exhausted');
    return this.next++;
  }
}

/** One Effects holding the row changes of several commands, in command order (for a single write). */
export function mergeEffects(all: Effects[]): Effects {
  if (all.length === 1) return all[0]!;
  const merged = new Effects();
  for (const e of all) {
    merged.jobInserts.push(...e.jobInserts);
    merged.jobDeletes.push(...e.jobDeletes);
    for (const [key, change] of e.jobUpdates) merged.jobUpdates.set(key, { ...merged.jobUpdates.get(key), ...change });
    merged.timerInserts.push(...e.timerInserts);
    merged.timerDeletes.push(...e.timerDeletes);
    merged.subscriptionInserts.push(...e.subscriptionInserts);
    merged.subscriptionDeletes.push(...e.subscriptionDeletes);
    merged.signalInserts.push(...e.signalInserts);
    merged.signalDeletes.push(...e.signalDeletes);
    merged.incidentInserts.push(...e.incidentInserts);
    merged.incidentResolves.push(...e.incidentResolves);
    merged.messageInserts.push(...e.messageInserts);
    merged.messageDeletes.push(...e.messageDeletes);
    merged.correlationInserts.push(...e.correlationInserts);
  }
  return merged;
}
