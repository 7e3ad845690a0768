import type { Variables } from '../port';
import type { Effects, EventDraft, JobRow, SubscriptionRow, ThrowOrigin } from './effects';
import {
  ExpressionError,
  evaluateCondition,
  evaluateNumber,
  evaluateString,
  evaluateStringList,
  evaluateValue,
  isExpression,
} from './feel';
import {
  assignPath,
  propagateVariables,
  setLocalVariables,
  visibleVariables,
  type ElementInstance,
  type IncidentRetry,
  type InstanceRecord,
  type Trigger,
} from './instance';
import { linkTarget, USER_TASK_JOB_TYPE, type ElementModel, type FlowModel, type Mapping, type ProcessModel } from './model';
import { firstDue, nextDue, TimerDefinitionError, type TimerDefinition } from './timer-schedule';

interface ActivateOptions {
  /** The element was already triggered (event gateway, link, event sub-process start): complete it with these variables. */
  triggered?: Variables;
  /** Multi-instance inner instance: its body and index. */
  inner?: { bodyKey: number; index: number; item: unknown };
  /** Event sub-process: the start event that fired, and its variables. */
  startWith?: { startEventId: string; variables: Variables };
  /** Compensation handler: the throw event waiting for it. */
  compensationFor?: number;
}

/**
 * Runs one process instance forward from a trigger until every path waits (job, timer,
 * message, signal, child instance) or ends. Synchronous on purpose: all database reads happen
 * before, all writes after, inside the command's transaction; work that concerns other
 * instances is handed back as cross-instance requests. Work is a queue, not recursion, so long
 * chains and large multi-instance collections cannot overflow the stack.
 */
export class Execution {
  private readonly queue: (() => void)[] = [];
  private queueHead = 0;
  /** Message subscriptions opened during this run; the caller checks them against buffered messages. */
  readonly openedSubscriptions: SubscriptionRow[] = [];
  /** Scope key → child keys, built on first use and kept up to date. */
  private childIndex: Map<number, Set<number>> | undefined;

  constructor(
    readonly record: InstanceRecord,
    readonly model: ProcessModel,
    readonly effects: Effects,
    readonly now: number,
    private readonly nextKey: () => number,
    /** The latest deployed version of a DMN decision, for business rule tasks. */
    private readonly findDecision: (decisionId: string) => { key: number; evaluate(variables: Variables): unknown } | undefined = () => undefined,
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

  private schedule(step: () => void): void {
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

  private get root(): ElementInstance {
    return this.runtime.elements[this.record.key]!;
  }

  // ---------------------------------------------------------------- children index

  private children(scopeKey: number): number[] {
    if (!this.childIndex) {
      this.childIndex = new Map();
      for (const e of Object.values(this.runtime.elements)) if (e.scopeKey) this.indexChild(e.scopeKey, e.key);
    }
    return [...(this.childIndex.get(scopeKey) ?? [])];
  }

  private indexChild(scopeKey: number, key: number): void {
    let set = this.childIndex!.get(scopeKey);
    if (!set) this.childIndex!.set(scopeKey, (set = new Set()));
    set.add(key);
  }

  // ---------------------------------------------------------------- start

  /**
   * Starts the process instance with the given variables, at the none start event or at the
   * given start event (timer, message, signal start), which completes at once.
   */
  start(variables: Variables, startEventId?: string): void {
    const root: ElementInstance = { key: this.record.key, elementId: this.model.bpmnProcessId, scopeKey: 0, state: 'ACTIVE', children: 0, pendingFlows: 0 };
    this.runtime.elements[root.key] = root;
    this.runtime.variables[root.key] = { ...variables };
    this.event('processInstance.created', root, {
      version: this.record.version,
      processDefinitionKey: String(this.record.processDefinitionKey),
      parentProcessInstanceKey: this.record.parent ? String(this.record.parent.processInstanceKey) : undefined,
    });
    this.event('element.activated', root, { elementType: 'bpmn:Process' });
    this.armEventSubProcesses(root, this.element(this.model.bpmnProcessId));
    const startId = startEventId ?? this.model.noneStartId;
    this.continueIn(root.key, () => this.activate(startId, root.key, startEventId ? { triggered: {} } : {}));
    this.run();
  }

  // ---------------------------------------------------------------- activation

  private activate(elementId: string, scopeKey: number, options: ActivateOptions = {}): void {
    const element = this.element(elementId);
    const scope = this.runtime.elements[scopeKey];
    if (!scope) return;
    if (element.multiInstance && !options.inner) return this.activateBody(element, scopeKey);
    const instance: ElementInstance = { key: this.nextKey(), elementId, scopeKey, state: 'ACTIVATING' };
    if (options.inner) instance.loopCounter = options.inner.index + 1;
    if (options.compensationFor) instance.compensationFor = options.compensationFor;
    this.runtime.elements[instance.key] = instance;
    this.childIndex && this.indexChild(scopeKey, instance.key);
    scope.children = (scope.children ?? 0) + 1;
    if (options.inner) {
      const mi = element.multiInstance!;
      const locals: Variables = { loopCounter: instance.loopCounter };
      if (mi.inputElement) locals[mi.inputElement] = options.inner.item;
      setLocalVariables(this.runtime, instance.key, locals);
    }
    this.event('element.activated', instance, { elementType: element.type, name: element.name, loopCounter: instance.loopCounter });
    this.enter(instance, element, options);
  }

  /** Input mappings, then the element's behaviour; an expression failure stops here as an incident. */
  private enter(instance: ElementInstance, element: ElementModel, options: ActivateOptions = {}): void {
    if (element.inputs.length > 0) {
      try {
        const context = visibleVariables(this.runtime, instance.scopeKey);
        const locals: Variables = { ...this.runtime.variables[instance.key] };
        for (const mapping of element.inputs) {
          const [name, value] = this.mapValue(mapping, { ...context, ...locals }, locals);
          locals[name] = value;
        }
        setLocalVariables(this.runtime, instance.key, locals);
      } catch (error) {
        return this.incident(instance, 'IO_MAPPING_ERROR', error, 'activate');
      }
    }
    instance.state = 'ACTIVE';
    try {
      this.behave(instance, element, options);
    } catch (error) {
      if (error instanceof ExpressionError || error instanceof TimerDefinitionError) return this.incident(instance, 'EXTRACT_VALUE_ERROR', error, 'activate');
      throw error;
    }
  }

  private mapValue(mapping: Mapping, context: Variables, targetScope: Variables): [string, unknown] {
    const value = isExpression(mapping.source) ? evaluateValue(mapping.source, context) : mapping.source;
    return assignPath({ ...context, ...targetScope }, mapping.target, value);
  }

  private behave(instance: ElementInstance, element: ElementModel, options: ActivateOptions): void {
    if (options.triggered) return this.complete(instance, options.triggered);
    switch (element.type) {
      case 'bpmn:SubProcess':
        return this.enterScope(instance, element, options);
      case 'bpmn:CallActivity':
        return this.startChild(instance, element);
      case 'bpmn:ExclusiveGateway':
        return this.decide(instance, element, false);
      case 'bpmn:InclusiveGateway':
        return this.decide(instance, element, true);
      case 'bpmn:EventBasedGateway':
        return this.armEventGateway(instance, element);
      case 'bpmn:ScriptTask':
        if (element.script) {
          const result = evaluateValue(element.script.expression, visibleVariables(this.runtime, instance.key));
          return this.complete(instance, { [element.script.resultVariable]: result });
        }
        break;
      case 'bpmn:BusinessRuleTask':
        if (element.calledDecision) return this.callDecision(instance, element);
        break;
      case 'bpmn:ReceiveTask':
        this.armBoundaries(instance, element);
        return this.openSubscription(instance, element);
      case 'bpmn:IntermediateCatchEvent':
        return this.armCatch(instance, element, instance);
    }
    if (element.job) return this.createJob(instance, element);
    if (element.type === 'bpmn:IntermediateThrowEvent' || element.type === 'bpmn:EndEvent') return this.throwEvent(instance, element);
    // start events, manual and undefined tasks, parallel gateways pass through
    this.complete(instance);
  }

  /** Intermediate throw and end events: none, error, escalation, signal, link, terminate. */
  private throwEvent(instance: ElementInstance, element: ElementModel): void {
    switch (element.eventKind) {
      case 'error':
        this.throwError(instance, element.errorCode ?? '', `error end event '${element.id}'`, {});
        return;
      case 'escalation':
        this.throwEscalation(instance, element.escalationCode ?? '');
        if (this.runtime.elements[instance.key]) this.complete(instance);
        return;
      case 'signal':
        this.effects.crossInstance.push({ kind: 'broadcastSignal', name: element.signalName ?? '', variables: { ...this.runtime.variables[instance.key] } });
        return this.complete(instance);
      case 'compensation':
        return this.compensate(instance, element);
      case 'link': {
        const target = linkTarget(this.model, element);
        if (!target) throw new ExpressionError(`no link catch event named '${element.linkName}' in the scope of '${element.id}'`);
        this.continueIn(instance.scopeKey, () => this.activate(target.id, instance.scopeKey, { triggered: {} }));
        return this.complete(instance);
      }
      default:
        return this.complete(instance);
    }
  }

  // ---------------------------------------------------------------- compensation

  /**
   * Compensation throw event: runs the handlers of the completed activities of its scope (only
   * `activityRef`'s when set), each once, and completes when all of them have completed.
   */
  private compensate(thrower: ElementInstance, element: ElementModel): void {
    const scope = this.runtime.elements[thrower.scopeKey]!;
    const all = scope.compensable ?? [];
    const chosen = all.filter((e) => !element.compensateActivityId || e.elementId === element.compensateActivityId);
    scope.compensable = all.filter((e) => !chosen.includes(e));
    if (chosen.length === 0) return this.complete(thrower);
    thrower.compensating = chosen.length;
    for (const entry of chosen.reverse()) this.schedule(() => this.activate(entry.handlerId, thrower.scopeKey, { compensationFor: thrower.key }));
  }

  /** Remembers a completed activity that has a compensation handler, in its scope. */
  private rememberCompensable(instance: ElementInstance, element: ElementModel): void {
    const scope = this.runtime.elements[instance.scopeKey];
    if (!scope) return;
    if (element.compensationHandlerId) (scope.compensable ??= []).push({ elementId: element.id, handlerId: element.compensationHandlerId });
    if (instance.compensable?.length) (scope.compensable ??= []).push(...instance.compensable);
  }

  // ---------------------------------------------------------------- scopes: sub-processes and event sub-processes

  private enterScope(instance: ElementInstance, element: ElementModel, options: ActivateOptions): void {
    instance.children = 0;
    instance.pendingFlows = 0;
    this.armBoundaries(instance, element);
    this.armEventSubProcesses(instance, element);
    if (options.startWith) {
      const { startEventId, variables } = options.startWith;
      this.continueIn(instance.key, () => this.activate(startEventId, instance.key, { triggered: variables }));
    } else {
      if (!element.noneStartId) throw new ExpressionError(`sub-process '${element.id}' has no none start event`);
      this.continueIn(instance.key, () => this.activate(element.noneStartId!, instance.key));
    }
  }

  /** Opens the timer, message and signal start events of the event sub-processes directly inside a scope. */
  private armEventSubProcesses(scope: ElementInstance, scopeElement: ElementModel): void {
    for (const id of scopeElement.eventSubProcessIds) {
      const start = this.element(this.element(id).startEventId ?? '');
      if (start.eventKind === 'timer' || start.eventKind === 'message' || start.eventKind === 'signal') this.armCatch(scope, start, scope);
    }
  }

  /** An event sub-process start fired in `scope`: interrupting ones end everything else in the scope first. */
  private triggerEventSubProcess(scope: ElementInstance, start: ElementModel, variables: Variables): void {
    const eventSubProcess = this.element(start.scopeId);
    if (start.cancelActivity) {
      const scopeElement = this.element(scope.elementId);
      const espStarts = new Set(scopeElement.eventSubProcessIds.map((id) => this.element(id).startEventId));
      this.disarm(scope, (t) => espStarts.has(t.elementId));
      this.terminateChildren(scope.key);
    }
    this.activate(eventSubProcess.id, scope.key, { startWith: { startEventId: start.id, variables } });
  }

  /** Completes a scope whose last child ended. */
  private completeScopeIfDone(scopeKey: number): void {
    const scope = this.runtime.elements[scopeKey];
    if (!scope || (scope.children ?? 0) > 0 || (scope.pendingFlows ?? 0) > 0 || scope.state !== 'ACTIVE') return;
    if (scope.loop) return;
    if (scopeKey !== this.record.key) return this.complete(scope);
    this.disarm(scope);
    this.record.state = 'COMPLETED';
    this.record.endedAt = this.now;
    const variables = this.runtime.variables[scopeKey] ?? {};
    this.event('element.completed', scope, { elementType: 'bpmn:Process' });
    this.event('processInstance.completed', scope, { variables });
    if (this.record.parent) {
      const { processInstanceKey, elementInstanceKey } = this.record.parent;
      this.effects.crossInstance.push({ kind: 'childCompleted', parentKey: processInstanceKey, callActivityKey: elementInstanceKey, childKey: this.record.key, variables });
    }
    this.finish();
  }

  /** Keeps only the final variables of an ended instance; frees its message-start correlation key. */
  private finish(): void {
    if (this.record.startCorrelationKey) {
      this.effects.crossInstance.push({ kind: 'startKeyReleased', bpmnProcessId: this.record.bpmnProcessId, correlationKey: this.record.startCorrelationKey });
    }
    const root = this.runtime.variables[this.record.key] ?? {};
    this.record.runtime = { elements: {}, variables: { [this.record.key]: root }, joins: {} };
    this.childIndex = undefined;
  }

  // ---------------------------------------------------------------- multi-instance

  private activateBody(element: ElementModel, scopeKey: number): void {
    const body: ElementInstance = { key: this.nextKey(), elementId: element.id, scopeKey, state: 'ACTIVE', children: 0, pendingFlows: 0 };
    this.runtime.elements[body.key] = body;
    this.childIndex && this.indexChild(scopeKey, body.key);
    this.runtime.elements[scopeKey]!.children! += 1;
    this.event('element.activated', body, { elementType: 'bpmn:MultiInstanceBody', name: element.name });
    this.startLoop(body, element);
  }

  private startLoop(body: ElementInstance, element: ElementModel): void {
    const mi = element.multiInstance!;
    let items: unknown;
    try {
      items = evaluateValue(mi.inputCollection, visibleVariables(this.runtime, body.key));
      if (!Array.isArray(items)) throw new ExpressionError(`Expected result of the expression '${mi.inputCollection}' to be 'ARRAY', but was '${items === null ? 'NULL' : typeof items}'`);
    } catch (error) {
      if (error instanceof ExpressionError) return this.incident(body, 'EXTRACT_VALUE_ERROR', error, 'activate');
      throw error;
    }
    const list = items as unknown[];
    body.loop = { total: list.length, completed: 0, next: 0, items: mi.sequential ? list : undefined };
    if (mi.outputCollection) setLocalVariables(this.runtime, body.key, { [mi.outputCollection]: list.map(() => null) });
    this.armBoundaries(body, element);
    if (list.length === 0) return this.completeBody(body, element);
    const count = mi.sequential ? 1 : list.length;
    for (let i = 0; i < count; i++) this.schedule(() => this.activate(element.id, body.key, { inner: { bodyKey: body.key, index: i, item: list[i] } }));
    body.loop.next = count;
  }

  /** An inner instance completed: collect its output, then continue, stop early, or finish the body. */
  private innerCompleted(body: ElementInstance, inner: ElementInstance, element: ElementModel, outputValue: unknown): void {
    const mi = element.multiInstance!;
    const loop = body.loop!;
    loop.completed += 1;
    if (mi.outputCollection) {
      const collection = this.runtime.variables[body.key]?.[mi.outputCollection];
      if (Array.isArray(collection)) collection[inner.loopCounter! - 1] = outputValue ?? null;
    }
    if (mi.completionCondition) {
      const context = {
        ...visibleVariables(this.runtime, body.key),
        numberOfInstances: loop.total,
        numberOfCompletedInstances: loop.completed,
        numberOfActiveInstances: body.children ?? 0,
        numberOfTerminatedInstances: 0,
        loopCounter: inner.loopCounter,
      };
      let done: boolean;
      try {
        done = evaluateCondition(mi.completionCondition, context);
      } catch (error) {
        return this.incident(body, 'EXTRACT_VALUE_ERROR', error, 'complete');
      }
      if (done) {
        this.terminateChildren(body.key);
        return this.completeBody(body, element);
      }
    }
    if (mi.sequential && loop.next < loop.total) {
      const index = loop.next++;
      const item = loop.items![index];
      return this.activate(element.id, body.key, { inner: { bodyKey: body.key, index, item } });
    }
    if (loop.completed >= loop.total) this.completeBody(body, element);
  }

  private completeBody(body: ElementInstance, element: ElementModel): void {
    const mi = element.multiInstance!;
    if (mi.outputCollection) {
      const collection = this.runtime.variables[body.key]?.[mi.outputCollection] ?? [];
      propagateVariables(this.runtime, body.scopeKey, { [mi.outputCollection]: collection }, this.record.key);
    }
    body.loop = undefined;
    body.state = 'COMPLETING';
    this.leave(body, element);
  }

  // ---------------------------------------------------------------- call activities

  private startChild(instance: ElementInstance, element: ElementModel): void {
    const call = element.call!;
    const context = visibleVariables(this.runtime, instance.key);
    const processId = evaluateString(call.processId, context, 'called process id');
    this.armBoundaries(instance, element);
    const variables = call.propagateAllParentVariables ? context : { ...this.runtime.variables[instance.key] };
    instance.childKey = this.nextKey();
    delete variables.loopCounter;
    this.effects.crossInstance.push({ kind: 'startChild', parentKey: this.record.key, callActivityKey: instance.key, childKey: instance.childKey, processId, variables });
  }

  /** The called process does not exist: an incident on the call activity (resolving retries the call). */
  callIncident(callActivityKey: number, message: string): void {
    const instance = this.runtime.elements[callActivityKey];
    if (!instance) return;
    instance.childKey = undefined;
    this.disarm(instance);
    this.incident(instance, 'CALLED_ELEMENT_ERROR', message, 'activate');
    this.run();
  }

  /** The child of a call activity completed. */
  childCompleted(callActivityKey: number, childKey: number, variables: Variables): void {
    const instance = this.runtime.elements[callActivityKey];
    if (!instance || instance.childKey !== childKey) return;
    const element = this.element(instance.elementId);
    instance.childKey = undefined;
    const result = element.call!.propagateAllChildVariables || element.outputs.length > 0 ? variables : undefined;
    this.complete(instance, result);
    this.run();
  }

  // ---------------------------------------------------------------- decisions

  /** Evaluates the called DMN decision and completes with its result, or raises Zeebe's incident. */
  private callDecision(instance: ElementInstance, element: ElementModel): void {
    const context = visibleVariables(this.runtime, instance.key);
    const decisionId = evaluateString(element.calledDecision!.decisionId, context, 'decision id');
    const decision = this.findDecision(decisionId);
    if (!decision) {
      return this.incident(instance, 'CALLED_DECISION_ERROR', `Expected to evaluate decision '${decisionId}', but no decision found for id '${decisionId}'`, 'activate');
    }
    let result: unknown;
    try {
      result = decision.evaluate(context);
    } catch (error) {
      return this.incident(instance, 'DECISION_EVALUATION_ERROR', error, 'activate');
    }
    this.event('decision.evaluated', instance, { decisionId, decisionKey: String(decision.key), result });
    this.complete(instance, { [element.calledDecision!.resultVariable]: result });
  }

  // ---------------------------------------------------------------- jobs

  private createJob(instance: ElementInstance, element: ElementModel): void {
    const context = visibleVariables(this.runtime, instance.key);
    const job = element.job!;
    const type = evaluateString(job.type, context, 'job type');
    const retries = element.userTask ? 1 : evaluateNumber(job.retries, context, 'job retries');
    const headers: Record<string, string> = { ...element.headers };
    if (element.userTask) Object.assign(headers, this.userTaskHeaders(element, context));
    this.armBoundaries(instance, element);
    const row: JobRow = {
      key: this.nextKey(),
      type,
      state: 'ACTIVATABLE',
      processInstanceKey: this.record.key,
      elementInstanceKey: instance.key,
      elementId: element.id,
      bpmnProcessId: this.record.bpmnProcessId,
      processDefinitionKey: this.record.processDefinitionKey,
      processDefinitionVersion: this.record.version,
      customHeaders: headers,
      retries,
      retryAt: this.now,
      errorMessage: null,
      createdAt: this.now,
    };
    instance.jobKey = row.key;
    this.effects.jobInserts.push(row);
    this.effects.createdJobs.push({ row, variables: context });
    this.event('job.created', instance, { jobKey: String(row.key), type, retries, customHeaders: headers });
    if (type === USER_TASK_JOB_TYPE) this.event('userTask.created', instance, { jobKey: String(row.key), name: element.name, customHeaders: headers });
  }

  /** The custom headers Zeebe 8.5 sets on a job-worker user task, every one FEEL-capable. */
  private userTaskHeaders(element: ElementModel, context: Variables): Record<string, string> {
    const task = element.userTask!;
    const headers: Record<string, string> = {};
    if (task.assignee) headers['io.camunda.zeebe:assignee'] = evaluateString(task.assignee, context, 'assignee');
    if (task.candidateGroups) headers['io.camunda.zeebe:candidateGroups'] = JSON.stringify(evaluateStringList(task.candidateGroups, context, 'candidate groups'));
    if (task.candidateUsers) headers['io.camunda.zeebe:candidateUsers'] = JSON.stringify(evaluateStringList(task.candidateUsers, context, 'candidate users'));
    if (task.dueDate) headers['io.camunda.zeebe:dueDate'] = this.dateHeader(task.dueDate, context, 'due date');
    if (task.followUpDate) headers['io.camunda.zeebe:followUpDate'] = this.dateHeader(task.followUpDate, context, 'follow-up date');
    if (task.formKey) headers['io.camunda.zeebe:formKey'] = evaluateString(task.formKey, context, 'form key');
    if (task.formId) headers['io.camunda.zeebe:formKey'] = `camunda-forms:bpmn:${evaluateString(task.formId, context, 'form id')}`;
    return headers;
  }

  private dateHeader(expression: string, context: Variables, what: string): string {
    const text = evaluateString(expression, context, what);
    const parsed = Date.parse(text.replace(/\[.*\]$/, ''));
    if (Number.isNaN(parsed)) throw new ExpressionError(`expected ${what} '${expression}' to be an ISO-8601 date-time, but was '${text}'`);
    return text;
  }

  /** A job finished: merge its variables and leave the element. */
  completeJob(instance: ElementInstance, variables: Variables): void {
    instance.jobKey = undefined;
    this.complete(instance, variables);
    this.run();
  }

  // ---------------------------------------------------------------- timers, messages, signals

  /** Opens the trigger of a catch event (timer, message, signal) owned by `owner`. */
  private armCatch(owner: ElementInstance, element: ElementModel, scopeOf: ElementInstance): void {
    if (element.eventKind === 'timer') this.armTimer(owner, element);
    else if (element.eventKind === 'message' || element.type === 'bpmn:ReceiveTask') this.openSubscription(owner, element, scopeOf);
    else if (element.eventKind === 'signal') this.openSignal(owner, element);
    else if (element.eventKind === 'link') return;
  }

  private armBoundaries(instance: ElementInstance, element: ElementModel): void {
    if (instance.loopCounter !== undefined) return;
    for (const boundaryId of element.boundaryIds) this.armCatch(instance, this.element(boundaryId), instance);
  }

  private armEventGateway(gateway: ElementInstance, element: ElementModel): void {
    for (const flow of element.outgoing) this.armCatch(gateway, this.element(flow.targetId), gateway);
  }

  private addTrigger(owner: ElementInstance, trigger: Trigger): void {
    (owner.triggers ??= []).push(trigger);
  }

  private timerDefinition(element: ElementModel, context: Variables): TimerDefinition {
    const timer = element.timer;
    if (!timer) throw new TimerDefinitionError(`timer event '${element.id}' has no time definition`);
    const value = evaluateValue(timer.expression, context);
    if (typeof value !== 'string') throw new ExpressionError(`expected timer '${timer.expression}' to be a string, but was ${JSON.stringify(value)}`);
    return { kind: timer.kind, value };
  }

  private armTimer(owner: ElementInstance, element: ElementModel, definition?: TimerDefinition, due?: { dueAt: number; repetitions: number }): void {
    const def = definition ?? this.timerDefinition(element, visibleVariables(this.runtime, owner.key));
    const when = due ?? firstDue(def, this.now);
    const key = this.nextKey();
    this.addTrigger(owner, { key, kind: 'timer', elementId: element.id });
    this.effects.timerInserts.push({ key, dueAt: when.dueAt, processInstanceKey: this.record.key, elementInstanceKey: owner.key, elementId: element.id, repetitions: when.repetitions, definition: def });
  }

  private openSubscription(owner: ElementInstance, element: ElementModel, scopeOf: ElementInstance = owner): void {
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

  private openSignal(owner: ElementInstance, element: ElementModel): void {
    const key = this.nextKey();
    this.addTrigger(owner, { key, kind: 'signal', elementId: element.id });
    this.effects.signalInserts.push({ key, signalName: element.signalName ?? '', processInstanceKey: this.record.key, elementInstanceKey: owner.key, elementId: element.id, bpmnProcessId: this.record.bpmnProcessId });
  }

  /** Removes the triggers an element instance owns (those matching `which`, or all). */
  private disarm(instance: ElementInstance, which: (t: Trigger) => boolean = () => true): void {
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
        const next = nextDue(timer.definition, timer.dueAt, timer.repetitions);
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

  private passEventGateway(gateway: ElementInstance, element: ElementModel, target: ElementModel, variables: Variables): void {
    this.disarm(gateway);
    const flow = element.outgoing.find((f) => f.targetId === target.id)!;
    gateway.state = 'COMPLETING';
    this.continueIn(gateway.scopeKey, () => this.activate(flow.targetId, gateway.scopeKey, { triggered: variables }));
    this.removeAndLeave(gateway, element, []);
  }

  private triggerBoundary(attached: ElementInstance, boundary: ElementModel, variables: Variables): void {
    const scopeKey = attached.scopeKey;
    if (boundary.cancelActivity) this.terminate(attached);
    this.continueIn(scopeKey, () => this.activate(boundary.id, scopeKey, { triggered: variables }));
  }

  /**
   * Schedules a step that continues a path inside a scope (a taken sequence flow, a triggered
   * event): counted as pending, so the scope cannot complete before it runs, and dropped if the
   * scope's children were terminated meanwhile.
   */
  private continueIn(scopeKey: number, step: () => void): void {
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

  // ---------------------------------------------------------------- errors and escalations

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
  private throwError(thrower: ElementInstance, errorCode: string, errorMessage: string, variables: Variables, origin?: ThrowOrigin): boolean {
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
  private throwEscalation(thrower: ElementInstance, escalationCode: string, variables: Variables = {}): void {
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
  private findCatch(thrower: ElementInstance, kind: 'error' | 'escalation', code: string): { at: ElementInstance; catcher: ElementModel } | undefined {
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

  private catchAt(caught: { at: ElementInstance; catcher: ElementModel }, variables: Variables): void {
    if (caught.catcher.type === 'bpmn:BoundaryEvent') this.triggerBoundary(caught.at, caught.catcher, variables);
    else this.triggerEventSubProcess(caught.at, caught.catcher, variables);
  }

  // ---------------------------------------------------------------- completion and flow

  /** Leaves an element: job/message variables, output mappings, then its outgoing flows. */
  private complete(instance: ElementInstance, result?: Variables, chosenFlows?: FlowModel[]): void {
    const element = this.element(instance.elementId);
    if (result && Object.keys(result).length > 0) {
      if (element.outputs.length > 0) setLocalVariables(this.runtime, instance.key, result);
      else propagateVariables(this.runtime, instance.key, result, this.record.key);
    }
    instance.state = 'COMPLETING';
    if (!this.applyOutputs(instance, element)) return;
    this.leave(instance, element, chosenFlows);
  }

  private applyOutputs(instance: ElementInstance, element: ElementModel): boolean {
    if (element.outputs.length === 0 || instance.loop) return true;
    try {
      const context = visibleVariables(this.runtime, instance.key);
      const mapped: Variables = {};
      const scopeView = visibleVariables(this.runtime, instance.scopeKey);
      for (const mapping of element.outputs) {
        const [name, value] = this.mapValue(mapping, { ...context, ...mapped }, { ...scopeView, ...mapped });
        mapped[name] = value;
      }
      propagateVariables(this.runtime, instance.scopeKey, mapped, this.record.key);
      return true;
    } catch (error) {
      this.incident(instance, 'IO_MAPPING_ERROR', error, 'complete');
      return false;
    }
  }

  private leave(instance: ElementInstance, element: ElementModel, chosenFlows?: FlowModel[]): void {
    if (instance.loopCounter !== undefined) {
      const body = this.runtime.elements[instance.scopeKey]!;
      const mi = element.multiInstance!;
      let output: unknown = null;
      if (mi.outputElement) {
        try {
          output = evaluateValue(mi.outputElement, visibleVariables(this.runtime, instance.key));
        } catch (error) {
          this.incident(instance, 'EXTRACT_VALUE_ERROR', error, 'complete');
          return;
        }
      }
      this.removeAndLeave(instance, element, []);
      if (body.loop) this.innerCompleted(body, instance, element, output);
      return;
    }
    this.removeAndLeave(instance, element, chosenFlows ?? element.outgoing);
  }

  private removeAndLeave(instance: ElementInstance, element: ElementModel, flows: FlowModel[]): void {
    this.disarm(instance);
    this.rememberCompensable(instance, element);
    this.remove(instance);
    this.event('element.completed', instance, { elementType: instance.loop !== undefined || (element.multiInstance && instance.loopCounter === undefined) ? 'bpmn:MultiInstanceBody' : element.type });
    if (element.eventKind === 'terminate' && element.type === 'bpmn:EndEvent') {
      this.terminateChildren(instance.scopeKey);
      return this.completeScopeIfDone(instance.scopeKey);
    }
    if (instance.compensationFor) {
      const thrower = this.runtime.elements[instance.compensationFor];
      if (thrower && thrower.compensating && --thrower.compensating === 0) {
        thrower.compensating = undefined;
        this.schedule(() => this.complete(thrower));
      }
      return;
    }
    for (const flow of flows) this.continueIn(instance.scopeKey, () => this.take(flow, instance.scopeKey));
    const scope = this.runtime.elements[instance.scopeKey];
    if (flows.length === 0 && !(scope?.loop)) this.completeScopeIfDone(instance.scopeKey);
  }

  private remove(instance: ElementInstance): void {
    delete this.runtime.elements[instance.key];
    delete this.runtime.variables[instance.key];
    this.childIndex?.get(instance.scopeKey)?.delete(instance.key);
    const scope = this.runtime.elements[instance.scopeKey];
    if (scope) scope.children = (scope.children ?? 1) - 1;
  }

  private take(flow: FlowModel, scopeKey: number): void {
    const target = this.element(flow.targetId);
    const scope = this.runtime.elements[scopeKey];
    if (!scope) return;
    if (target.type === 'bpmn:ParallelGateway' && target.incoming.length > 1) {
      const joinKey = `${scopeKey}/${target.id}`;
      const arrivals = (this.runtime.joins[joinKey] ??= {});
      arrivals[flow.id] = (arrivals[flow.id] ?? 0) + 1;
      scope.pendingFlows = (scope.pendingFlows ?? 0) + 1;
      if (!target.incoming.every((id) => (arrivals[id] ?? 0) > 0)) return;
      for (const id of target.incoming) arrivals[id]! -= 1;
      scope.pendingFlows -= target.incoming.length;
      if (Object.values(arrivals).every((n) => n === 0)) delete this.runtime.joins[joinKey];
    }
    this.activate(target.id, scopeKey);
  }

  /** Exclusive gateway: first true condition, else default, else incident. Inclusive (fork): every true condition. */
  private decide(instance: ElementInstance, element: ElementModel, inclusive: boolean): void {
    if (element.outgoing.length <= 1 && !element.outgoing.some((f) => f.condition)) return this.complete(instance, undefined, element.outgoing);
    const context = visibleVariables(this.runtime, instance.scopeKey);
    let chosen: FlowModel[];
    try {
      const candidates = element.outgoing.filter((flow) => flow.id !== element.defaultFlowId);
      if (inclusive) chosen = candidates.filter((flow) => flow.condition === undefined || evaluateCondition(flow.condition, context));
      else {
        const first = candidates.find((flow) => flow.condition !== undefined && evaluateCondition(flow.condition, context));
        chosen = first ? [first] : [];
      }
    } catch (error) {
      return this.incident(instance, 'CONDITION_ERROR', error, 'gateway');
    }
    if (chosen.length === 0) {
      const fallback = element.outgoing.find((flow) => flow.id === element.defaultFlowId);
      if (!fallback) {
        return this.incident(instance, 'CONDITION_ERROR', `Expected at least one condition to evaluate to true, or to have a default flow, at gateway '${element.id}'`, 'gateway');
      }
      chosen = [fallback];
    }
    this.complete(instance, undefined, chosen);
  }

  // ---------------------------------------------------------------- termination

  private terminateChildren(scopeKey: number): void {
    for (const childKey of this.children(scopeKey)) {
      const child = this.runtime.elements[childKey];
      if (child) this.terminate(child);
    }
    const scope = this.runtime.elements[scopeKey];
    if (scope) {
      scope.pendingFlows = 0;
      scope.epoch = (scope.epoch ?? 0) + 1;
    }
    for (const joinKey of Object.keys(this.runtime.joins)) if (joinKey.startsWith(`${scopeKey}/`)) delete this.runtime.joins[joinKey];
  }

  /** Terminates an element instance: its children, job, triggers, child process and incident go with it. */
  private terminate(instance: ElementInstance): void {
    if (instance.children || instance.loop) this.terminateChildren(instance.key);
    this.disarm(instance);
    if (instance.jobKey) {
      this.effects.jobDeletes.push(instance.jobKey);
      const element = this.element(instance.elementId);
      this.event('job.canceled', instance, { jobKey: String(instance.jobKey) });
      if (element.userTask) this.event('userTask.canceled', instance, { jobKey: String(instance.jobKey) });
      instance.jobKey = undefined;
    }
    if (instance.childKey) this.effects.crossInstance.push({ kind: 'cancelChild', childKey: instance.childKey });
    if (instance.incidentKey) this.resolveIncidentRecord(instance);
    this.remove(instance);
    this.event('element.terminated', instance, {});
  }

  /** Cancels the whole instance (Zeebe's CancelProcessInstance); children of call activities go too. */
  cancel(): void {
    const root = this.root;
    this.terminateChildren(root.key);
    this.disarm(root);
    this.record.state = 'TERMINATED';
    this.record.endedAt = this.now;
    this.event('element.terminated', root, { elementType: 'bpmn:Process' });
    this.event('processInstance.terminated', root, {});
    this.finish();
  }

  // ---------------------------------------------------------------- incidents

  private incident(instance: ElementInstance, errorType: string, error: unknown, retry: IncidentRetry): void {
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

  private resolveIncidentRecord(instance: ElementInstance): void {
    this.effects.incidentResolves.push(instance.incidentKey!);
    this.event('incident.resolved', instance, { incidentKey: String(instance.incidentKey) });
    instance.incidentKey = undefined;
    instance.incidentRetry = undefined;
  }

  /**
   * Resolves the incident on `instance` and retries the step that failed, as Zeebe does; the
   * step may raise a fresh incident.
   */
  resolveIncident(instance: ElementInstance, job?: { retries: number; type: string }): IncidentRetry {
    const retry = instance.incidentRetry!;
    this.resolveIncidentRecord(instance);
    const element = this.element(instance.elementId);
    switch (retry) {
      case 'activate':
        if (instance.loop !== undefined || (element.multiInstance && instance.loopCounter === undefined)) this.schedule(() => this.startLoop(instance, element));
        else
          this.schedule(() => {
            this.disarm(instance);
            this.enter(instance, element);
          });
        break;
      case 'gateway':
        this.schedule(() => this.decide(instance, element, element.type === 'bpmn:InclusiveGateway'));
        break;
      case 'complete':
        this.schedule(() => {
          if (this.applyOutputs(instance, element)) this.leave(instance, element);
        });
        break;
      case 'throw': {
        const thrown = instance.thrownError!;
        instance.thrownError = undefined;
        this.schedule(() => this.throwError(instance, thrown.errorCode, thrown.errorMessage, {}));
        break;
      }
      case 'job':
        instance.thrownError = undefined;
        if (job && job.retries <= 0) this.schedule(() => this.jobIncident(instance, 'No more retries left.'));
        break;
    }
    this.run();
    return retry;
  }

  // ---------------------------------------------------------------- variables

  /** SetVariables on a scope (process instance or element instance). */
  setVariables(scopeKey: number, variables: Variables, local: boolean): void {
    if (local) setLocalVariables(this.runtime, scopeKey, variables);
    else propagateVariables(this.runtime, scopeKey, variables, this.record.key);
    this.event('variables.updated', this.runtime.elements[scopeKey], { scopeKey: String(scopeKey), names: Object.keys(variables), local });
  }
}
