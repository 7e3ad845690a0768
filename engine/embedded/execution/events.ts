import type { Variables } from '../../port';
import type { SubscriptionRow, ThrowOrigin } from '../effects';
import { ExpressionError, evaluateString, evaluateValue } from '../feel';
import { visibleVariables, type ElementInstance, type Trigger } from '../instance';
import type { ElementModel } from '../model';
import { firstDue, nextDue, TimerDefinitionError, type TimerDefinition } from '../timer-schedule';
import { FlowExecution } from './flow';

/** Timers, messages and signals; boundary events, event gateways and event sub-processes; errors, escalations and compensation. */
export abstract class EventExecution extends FlowExecution {
  /** Opens the trigger of a catch event (timer, message, signal) owned by `owner`. */
  protected armCatch(owner: ElementInstance, element: ElementModel, scopeOf: ElementInstance): void {
    if (element.eventKind === 'timer') this.armTimer(owner, element);
    else if (element.eventKind === 'message' || element.type === 'bpmn:ReceiveTask') this.openSubscription(owner, element, scopeOf);
    else if (element.eventKind === 'signal') this.openSignal(owner, element);
    else if (element.eventKind === 'link') return;
  }

  protected armBoundaries(instance: ElementInstance, element: ElementModel): void {
    if (instance.loopCounter !== undefined) return;
    for (const boundaryId of element.boundaryIds) this.armCatch(instance, this.element(boundaryId), instance);
  }

  protected armEventGateway(gateway: ElementInstance, element: ElementModel): void {
    for (const flow of element.outgoing) this.armCatch(gateway, this.element(flow.targetId), gateway);
  }

  protected timerDefinition(element: ElementModel, context: Variables): TimerDefinition {
    const timer = element.timer;
    if (!timer) throw new TimerDefinitionError(`timer event '${element.id}' has no time definition`);
    const value = evaluateValue(timer.expression, context);
    if (typeof value !== 'string') throw new ExpressionError(`expected timer '${timer.expression}' to be a string, but was ${JSON.stringify(value)}`);
    return { kind: timer.kind, value };
  }

  protected armTimer(owner: ElementInstance, element: ElementModel, definition?: TimerDefinition, due?: { dueAt: number; repetitions: number }): void {
    const def = definition ?? this.timerDefinition(element, visibleVariables(this.runtime, owner.key));
    const when = due ?? firstDue(def, this.now);
    const key = this.nextKey();
    this.addTrigger(owner, { key, kind: 'timer', elementId: element.id });
    this.effects.timerInserts.push({ key, dueAt: when.dueAt, processInstanceKey: this.record.key, elementInstanceKey: owner.key, elementId: element.id, repetitions: when.repetitions, definition: def });
  }

  protected openSubscription(owner: ElementInstance, element: ElementModel, scopeOf: ElementInstance = owner): void {
    const context = visibleVariables(this.runtime, scopeOf.key);
    const message = element.message;
    if (!message) throw new ExpressionError(`'${element.id}' has no message reference`);
    const name = evaluateString(message.name, context, 'message name');
    const correlationKey = evaluateString(message.correlationKey, context, 'correlation key');
    const row: SubscriptionRow = {
      key: this.nextKey(),
      messageName: name,
      correlationKey,
      processInstanceKey: this.record.key,
      elementInstanceKey: owner.key,
      elementId: element.id,
      bpmnProcessId: this.record.bpmnProcessId,
      interrupting: element.cancelActivity ? 1 : 0,
    };
    this.addTrigger(owner, { key: row.key, kind: 'message', elementId: element.id });
    this.effects.subscriptionInserts.push(row);
    this.openedSubscriptions.push(row);
  }

  protected openSignal(owner: ElementInstance, element: ElementModel): void {
    const key = this.nextKey();
    this.addTrigger(owner, { key, kind: 'signal', elementId: element.id });
    this.effects.signalInserts.push({ key, signalName: element.signalName ?? '', processInstanceKey: this.record.key, elementInstanceKey: owner.key, elementId: element.id, bpmnProcessId: this.record.bpmnProcessId });
  }

  /**
   * A timer fired, a message was correlated or a signal arrived for a trigger owned by
   * `ownerKey`. Returns false when the trigger is stale (its owner moved on).
   */
  fire(kind: Trigger['kind'], triggerKey: number, ownerKey: number, variables: Variables, timer?: { dueAt: number; repetitions: number; definition: TimerDefinition }): boolean {
    const owner = this.runtime.elements[ownerKey];
    const trigger = owner?.triggers?.find((t) => t.key === triggerKey && t.kind === kind);
    if (!owner || !trigger) return false;
    const element = this.element(trigger.elementId);
    const ownerElement = this.element(owner.elementId);
    const repeats = !element.cancelActivity || (element.type === 'bpmn:StartEvent' && !element.cancelActivity);
    if (kind === 'timer') {
      this.disarm(owner, (t) => t.key === triggerKey);
      this.event('timer.triggered', owner, { timerKey: String(triggerKey), elementId: element.id, dueAt: timer?.dueAt });
      if (repeats && timer?.definition.kind === 'cycle') {
        const next = nextDue(timer.definition, timer.dueAt, timer.repetitions, this.now);
        if (next) this.armTimer(owner, element, timer.definition, next);
      }
    } else if (!repeats) {
      this.disarm(owner, (t) => t.key === triggerKey);
    }
    if (element.type === 'bpmn:BoundaryEvent') this.triggerBoundary(owner, element, variables);
    else if (element.type === 'bpmn:StartEvent' && element.scopeId !== this.model.bpmnProcessId && this.element(element.scopeId).triggeredByEvent) {
      this.triggerEventSubProcess(owner, element, variables);
    } else if (ownerElement.type === 'bpmn:EventBasedGateway') this.passEventGateway(owner, ownerElement, element, variables);
    else {
      this.disarm(owner);
      this.complete(owner, variables);
    }
    this.run();
    return true;
  }

  protected passEventGateway(gateway: ElementInstance, element: ElementModel, target: ElementModel, variables: Variables): void {
    this.disarm(gateway);
    const flow = element.outgoing.find((f) => f.targetId === target.id)!;
    gateway.state = 'COMPLETING';
    this.continueIn(gateway.scopeKey, () => this.activate(flow.targetId, gateway.scopeKey, { triggered: variables }));
    this.removeAndLeave(gateway, element, []);
  }

  protected triggerBoundary(attached: ElementInstance, boundary: ElementModel, variables: Variables): void {
    const scopeKey = attached.scopeKey;
    if (boundary.cancelActivity) this.terminate(attached);
    this.continueIn(scopeKey, () => this.activate(boundary.id, scopeKey, { triggered: variables }));
  }

  /** Opens the timer, message and signal start events of the event sub-processes directly inside a scope. */
  protected armEventSubProcesses(scope: ElementInstance, scopeElement: ElementModel): void {
    for (const id of scopeElement.eventSubProcessIds) {
      const start = this.element(this.element(id).startEventId ?? '');
      if (start.eventKind === 'timer' || start.eventKind === 'message' || start.eventKind === 'signal') this.armCatch(scope, start, scope);
    }
  }

  /** An event sub-process start fired in `scope`: interrupting ones end everything else in the scope first. */
  protected triggerEventSubProcess(scope: ElementInstance, start: ElementModel, variables: Variables): void {
    const eventSubProcess = this.element(start.scopeId);
    if (start.cancelActivity) {
      const scopeElement = this.element(scope.elementId);
      const espStarts = new Set(scopeElement.eventSubProcessIds.map((id) => this.element(id).startEventId));
      this.disarm(scope, (t) => espStarts.has(t.elementId));
      this.terminateChildren(scope.key);
    }
    this.activate(eventSubProcess.id, scope.key, { startWith: { startEventId: start.id, variables } });
  }

  /** A job threw a BPMN error. Returns true when it was caught in this instance. */
  throwFromJob(instance: ElementInstance, errorCode: string, errorMessage: string, variables: Variables): boolean {
    const caught = this.throwError(instance, errorCode, errorMessage, variables);
    this.run();
    return caught;
  }

  /**
   * Looks for a catch from the thrower outwards: boundary events of each enclosing activity,
   * error event sub-processes of each enclosing scope; then the parent process through the call
   * activity. An error nobody catches is an incident on the thrower.
   */
  protected throwError(thrower: ElementInstance, errorCode: string, errorMessage: string, variables: Variables, origin?: ThrowOrigin): boolean {
    const caught = this.findCatch(thrower, 'error', errorCode);
    if (caught) {
      this.catchAt(caught, variables);
      return true;
    }
    const from: ThrowOrigin = origin ?? { processInstanceKey: this.record.key, elementInstanceKey: thrower.key };
    if (this.record.parent) {
      if (!origin) thrower.thrownError = { errorCode, errorMessage };
      this.effects.crossInstance.push({ kind: 'childError', parentKey: this.record.parent.processInstanceKey, callActivityKey: this.record.parent.elementInstanceKey, errorCode, errorMessage, variables, origin: from });
      return false;
    }
    if (origin) {
      this.effects.crossInstance.push({ kind: 'uncaughtError', origin, errorCode, errorMessage });
      return false;
    }
    this.uncaughtError(thrower, errorCode, errorMessage);
    return false;
  }

  /** Raises the incident for an error nobody caught. */
  uncaughtError(thrower: ElementInstance, errorCode: string, errorMessage: string): void {
    thrower.thrownError = { errorCode, errorMessage };
    this.incident(
      thrower,
      'UNHANDLED_ERROR_EVENT',
      `Expected to throw an error event with the code '${errorCode}' with message '${errorMessage}', but it was not caught. No error events are available in the scope.`,
      thrower.jobKey ? 'job' : 'throw',
    );
  }

  /** An error thrown in the child of the call activity `callActivityKey` looks for a catch here. */
  childError(callActivityKey: number, errorCode: string, errorMessage: string, variables: Variables, origin: ThrowOrigin): void {
    const instance = this.runtime.elements[callActivityKey];
    if (!instance) return;
    this.throwError(instance, errorCode, errorMessage, variables, origin);
    this.run();
  }

  /** Escalations are caught like errors but never become incidents; the thrower goes on unless interrupted. */
  protected throwEscalation(thrower: ElementInstance, escalationCode: string, variables: Variables = {}): void {
    const caught = this.findCatch(thrower, 'escalation', escalationCode);
    if (caught) return this.catchAt(caught, variables);
    if (this.record.parent) {
      this.effects.crossInstance.push({ kind: 'childEscalation', parentKey: this.record.parent.processInstanceKey, callActivityKey: this.record.parent.elementInstanceKey, escalationCode, variables });
    }
  }

  /** An escalation thrown in the child of a call activity. */
  childEscalation(callActivityKey: number, escalationCode: string, variables: Variables): void {
    const instance = this.runtime.elements[callActivityKey];
    if (!instance) return;
    this.throwEscalation(instance, escalationCode, variables);
    this.run();
  }

  /** The nearest catching boundary event or event sub-process start, from the thrower outwards. */
  protected findCatch(thrower: ElementInstance, kind: 'error' | 'escalation', code: string): { at: ElementInstance; catcher: ElementModel } | undefined {
    const codeOf = (e: ElementModel) => (kind === 'error' ? e.errorCode : e.escalationCode);
    const pick = (candidates: ElementModel[]) => candidates.find((c) => codeOf(c) === code) ?? candidates.find((c) => codeOf(c) === undefined);
    for (let current = thrower; ; ) {
      const element = this.element(current.elementId);
      if (current.loopCounter === undefined) {
        const boundary = pick(element.boundaryIds.map((id) => this.element(id)).filter((b) => b.eventKind === kind));
        if (boundary) return { at: current, catcher: boundary };
      }
      const scope = current.scopeKey ? this.runtime.elements[current.scopeKey] : undefined;
      if (!scope) return undefined;
      if (!scope.loop) {
        const starts = this.element(scope.elementId).eventSubProcessIds.map((id) => this.element(this.element(id).startEventId ?? ''));
        const start = pick(starts.filter((s) => s.eventKind === kind));
        if (start) return { at: scope, catcher: start };
      }
      current = scope;
    }
  }

  protected catchAt(caught: { at: ElementInstance; catcher: ElementModel }, variables: Variables): void {
    if (caught.catcher.type === 'bpmn:BoundaryEvent') this.triggerBoundary(caught.at, caught.catcher, variables);
    else this.triggerEventSubProcess(caught.at, caught.catcher, variables);
  }

  /**
   * Compensation throw event: runs the handlers of the completed activities of its scope (only
   * `activityRef`'s when set), each once, and completes when all of them have completed.
   */
  protected compensate(thrower: ElementInstance, element: ElementModel): void {
    const scope = this.runtime.elements[thrower.scopeKey]!;
    const all = scope.compensable ?? [];
    const chosen = all.filter((e) => !element.compensateActivityId || e.elementId === element.compensateActivityId);
    scope.compensable = all.filter((e) => !chosen.includes(e));
    if (chosen.length === 0) return this.complete(thrower);
    thrower.compensating = chosen.length;
    for (const entry of chosen.reverse()) this.schedule(() => this.activate(entry.handlerId, thrower.scopeKey, { compensationFor: thrower.key }));
  }

  /** Remembers a completed activity that has a compensation handler, in its scope. */
  protected rememberCompensable(instance: ElementInstance, element: ElementModel): void {
    const scope = this.runtime.elements[instance.scopeKey];
    if (!scope) return;
    if (element.compensationHandlerId) (scope.compensable ??= []).push({ elementId: element.id, handlerId: element.compensationHandlerId });
    if (instance.compensable?.length) (scope.compensable ??= []).push(...instance.compensable);
  }
}
