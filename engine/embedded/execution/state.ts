import type { Variables } from '../../port';
import type { Effects, EventDraft, SubscriptionRow } from '../effects';
import { evaluateValue, isExpression } from '../feel';
import { assignPath, propagateVariables, setLocalVariables, type ElementInstance, type IncidentRetry, type InstanceRecord, type Trigger } from '../instance';
import type { ElementModel, Mapping, ProcessModel } from '../model';

/**
 * The state an execution works on and the bookkeeping every part of it shares: the work queue,
 * events, the children index, triggers, incidents and variables. The behaviour is layered on
 * top: flow.ts (activation, completion, sequence flows, scopes, termination), events.ts (timers,
 * messages, signals, boundaries, event sub-processes, errors, escalations, compensation) and
 * index.ts (multi-instance, call activities, decisions, jobs).
 */
export abstract class ExecutionState {
  protected readonly queue: (() => void)[] = [];

  protected queueHead = 0;

  /** Message subscriptions opened during this run; the caller checks them against buffered messages. */
  readonly openedSubscriptions: SubscriptionRow[] = [];

  /** Scope key → child keys, built on first use and kept up to date. */
  protected childIndex: Map<number, Set<number>> | undefined;

  constructor(
    readonly record: InstanceRecord,
    readonly model: ProcessModel,
    readonly effects: Effects,
    readonly now: number,
    protected readonly nextKey: () => number,
    /** The latest deployed version of a DMN decision, for business rule tasks. */
    protected readonly findDecision: (decisionId: string) => { key: number; evaluate(variables: Variables): unknown } | undefined = () => undefined,
  ) {}

  get runtime() {
    return this.record.runtime;
  }

  /** Drains the work queue. */
  run(): void {
    while (this.queueHead < this.queue.length) this.queue[this.queueHead++]!();
    this.queue.length = 0;
    this.queueHead = 0;
  }

  protected schedule(step: () => void): void {
    this.queue.push(step);
  }

  element(id: string): ElementModel {
    const element = this.model.elements.get(id);
    if (!element) throw new Error(`element '${id}' is not in process '${this.model.bpmnProcessId}'`);
    return element;
  }

  event(type: EventDraft['type'], instance: ElementInstance | undefined, payload: Record<string, unknown> = {}): void {
    this.effects.events.push({
      type,
      processInstanceKey: this.record.key,
      elementInstanceKey: instance?.key,
      elementId: instance?.elementId,
      bpmnProcessId: this.record.bpmnProcessId,
      payload,
    });
  }

  protected get root(): ElementInstance {
    return this.runtime.elements[this.record.key]!;
  }

  protected children(scopeKey: number): number[] {
    if (!this.childIndex) {
      this.childIndex = new Map();
      for (const e of Object.values(this.runtime.elements)) if (e.scopeKey) this.indexChild(e.scopeKey, e.key);
    }
    return [...(this.childIndex.get(scopeKey) ?? [])];
  }

  protected indexChild(scopeKey: number, key: number): void {
    let set = this.childIndex!.get(scopeKey);
    if (!set) this.childIndex!.set(scopeKey, (set = new Set()));
    set.add(key);
  }

  /**
   * Schedules a step that continues a path inside a scope (a taken sequence flow, a triggered
   * event): counted as pending, so the scope cannot complete before it runs, and dropped if the
   * scope's children were terminated meanwhile.
   */
  protected continueIn(scopeKey: number, step: () => void): void {
    const scope = this.runtime.elements[scopeKey];
    if (!scope) return;
    scope.pendingFlows = (scope.pendingFlows ?? 0) + 1;
    const epoch = scope.epoch ?? 0;
    this.schedule(() => {
      if (this.runtime.elements[scopeKey] !== scope || (scope.epoch ?? 0) !== epoch) return;
      scope.pendingFlows! -= 1;
      step();
    });
  }

  protected mapValue(mapping: Mapping, context: Variables, targetScope: Variables): [string, unknown] {
    const value = isExpression(mapping.source) ? evaluateValue(mapping.source, context) : mapping.source;
    return assignPath({ ...context, ...targetScope }, mapping.target, value);
  }

  protected addTrigger(owner: ElementInstance, trigger: Trigger): void {
    (owner.triggers ??= []).push(trigger);
  }

  /** Removes the triggers an element instance owns (those matching `which`, or all). */
  protected disarm(instance: ElementInstance, which: (t: Trigger) => boolean = () => true): void {
    if (!instance.triggers) return;
    const keep: Trigger[] = [];
    for (const t of instance.triggers) {
      if (!which(t)) keep.push(t);
      else if (t.kind === 'timer') this.effects.timerDeletes.push(t.key);
      else if (t.kind === 'message') this.effects.subscriptionDeletes.push(t.key);
      else this.effects.signalDeletes.push(t.key);
    }
    instance.triggers = keep.length ? keep : undefined;
  }

  /** Keeps only the final variables of an ended instance; frees its message-start correlation key. */
  protected finish(): void {
    if (this.record.startCorrelationKey) {
      this.effects.crossInstance.push({ kind: 'startKeyReleased', bpmnProcessId: this.record.bpmnProcessId, correlationKey: this.record.startCorrelationKey });
    }
    const root = this.runtime.variables[this.record.key] ?? {};
    this.record.runtime = { elements: {}, variables: { [this.record.key]: root }, joins: {} };
    this.childIndex = undefined;
  }

  protected incident(instance: ElementInstance, errorType: string, error: unknown, retry: IncidentRetry): void {
    const message = error instanceof Error ? error.message : String(error);
    const key = this.nextKey();
    instance.incidentKey = key;
    instance.incidentRetry = retry;
    this.effects.incidentInserts.push({
      key,
      state: 'ACTIVE',
      errorType,
      errorMessage: message,
      processInstanceKey: this.record.key,
      elementInstanceKey: instance.key,
      elementId: instance.elementId,
      bpmnProcessId: this.record.bpmnProcessId,
      jobKey: retry === 'job' ? (instance.jobKey ?? null) : null,
      createdAt: this.now,
      resolvedAt: null,
    });
    this.event('incident.created', instance, { incidentKey: String(key), errorType, errorMessage: message, jobKey: instance.jobKey ? String(instance.jobKey) : undefined });
  }

  /** A job ran out of retries: incident on its element. */
  jobIncident(instance: ElementInstance, errorMessage: string): void {
    this.incident(instance, 'JOB_NO_RETRIES', errorMessage || 'No more retries left.', 'job');
  }

  protected resolveIncidentRecord(instance: ElementInstance): void {
    this.effects.incidentResolves.push(instance.incidentKey!);
    this.event('incident.resolved', instance, { incidentKey: String(instance.incidentKey) });
    instance.incidentKey = undefined;
    instance.incidentRetry = undefined;
  }

  /** SetVariables on a scope (process instance or element instance). */
  setVariables(scopeKey: number, variables: Variables, local: boolean): void {
    if (local) setLocalVariables(this.runtime, scopeKey, variables);
    else propagateVariables(this.runtime, scopeKey, variables, this.record.key);
    this.event('variables.updated', this.runtime.elements[scopeKey], { scopeKey: String(scopeKey), names: Object.keys(variables), local });
  }
}
