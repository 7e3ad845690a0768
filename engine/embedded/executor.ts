import type { Variables } from '../port';
import type { Effects, EventDraft, JobRow, SubscriptionRow } from './effects';
import { ExpressionError, evaluateCondition, evaluateNumber, evaluateString, evaluateStringList, evaluateValue, isExpression } from './feel';
import { assignPath, propagateVariables, setLocalVariables, visibleVariables, type ElementInstance, type IncidentRetry, type InstanceRecord } from './instance';
import { USER_TASK_JOB_TYPE, type ElementModel, type FlowModel, type Mapping, type ProcessModel } from './model';
import { firstDue, nextDue, TimerDefinitionError, type TimerDefinition } from './timer-schedule';

/**
 * Runs one process instance forward from a trigger until every path waits (job, timer,
 * message) or ends. Synchronous on purpose: all database reads happen before, all writes
 * after, inside the command's transaction. Work is a queue, not recursion, so long chains
 * cannot overflow the stack.
 */
export class Execution {
  private readonly queue: (() => void)[] = [];
  /** Subscriptions opened during this run; the caller checks them against buffered messages. */
  readonly openedSubscriptions: SubscriptionRow[] = [];

  constructor(
    readonly record: InstanceRecord,
    readonly model: ProcessModel,
    readonly effects: Effects,
    readonly now: number,
    private readonly nextKey: () => number,
  ) {}

  get runtime() {
    return this.record.runtime;
  }

  /** Drains the work queue. */
  run(): void {
    for (let step = this.queue.shift(); step; step = this.queue.shift()) step();
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

  // ---------------------------------------------------------------- start

  /** Starts the process instance at its none start event with the given variables. */
  start(variables: Variables): void {
    const root: ElementInstance = { key: this.record.key, elementId: this.model.bpmnProcessId, scopeKey: 0, state: 'ACTIVE', children: 0, pendingFlows: 0 };
    this.runtime.elements[root.key] = root;
    this.runtime.variables[root.key] = { ...variables };
    this.event('processInstance.created', root, { version: this.record.version, processDefinitionKey: String(this.record.processDefinitionKey) });
    this.event('element.activated', root, { elementType: 'bpmn:Process' });
    const startId = this.model.noneStartId;
    this.schedule(() => this.activate(startId, root.key));
    this.run();
  }

  // ---------------------------------------------------------------- activation

  private activate(elementId: string, scopeKey: number): void {
    const element = this.element(elementId);
    const instance: ElementInstance = { key: this.nextKey(), elementId, scopeKey, state: 'ACTIVATING' };
    this.runtime.elements[instance.key] = instance;
    const scope = this.runtime.elements[scopeKey]!;
    scope.children = (scope.children ?? 0) + 1;
    this.event('element.activated', instance, { elementType: element.type, name: element.name });
    this.enter(instance, element);
  }

  /** Input mappings, then the element's behaviour; an expression failure stops here as an incident. */
  private enter(instance: ElementInstance, element: ElementModel): void {
    if (element.inputs.length > 0) {
      try {
        const context = visibleVariables(this.runtime, instance.scopeKey);
        const locals: Variables = {};
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
    this.behave(instance, element);
  }

  private mapValue(mapping: Mapping, context: Variables, targetScope: Variables): [string, unknown] {
    const value = isExpression(mapping.source) ? evaluateValue(mapping.source, context) : mapping.source;
    return assignPath({ ...context, ...targetScope }, mapping.target, value);
  }

  private behave(instance: ElementInstance, element: ElementModel): void {
    try {
      switch (element.type) {
        case 'bpmn:StartEvent':
        case 'bpmn:ManualTask':
        case 'bpmn:Task':
          return this.complete(instance);
        case 'bpmn:EndEvent':
          if (element.eventKind === 'error') {
            this.throwFrom(instance, element.errorCode ?? '', `error end event '${element.id}'`);
            return;
          }
          return this.complete(instance);
        case 'bpmn:ExclusiveGateway':
          return this.decide(instance, element);
        case 'bpmn:ParallelGateway':
          return this.complete(instance);
        case 'bpmn:ScriptTask':
          if (element.script) {
            const result = evaluateValue(element.script.expression, visibleVariables(this.runtime, instance.key));
            return this.complete(instance, { [element.script.resultVariable]: result });
          }
          return this.createJob(instance, element);
        case 'bpmn:ReceiveTask':
          this.armBoundaries(instance, element);
          return this.openSubscription(instance, element, element.id, 1);
        case 'bpmn:IntermediateCatchEvent':
          if (element.eventKind === 'timer') return this.armTimer(instance, element, instance.key);
          return this.openSubscription(instance, element, element.id, 1);
        case 'bpmn:BoundaryEvent':
          return this.complete(instance);
        default:
          if (element.job) return this.createJob(instance, element);
          throw new Error(`element type ${element.type} is not supported`);
      }
    } catch (error) {
      if (error instanceof ExpressionError || error instanceof TimerDefinitionError) return this.incident(instance, 'EXTRACT_VALUE_ERROR', error, 'activate');
      throw error;
    }
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

  // ---------------------------------------------------------------- timers and messages

  private armBoundaries(instance: ElementInstance, element: ElementModel): void {
    for (const boundaryId of element.boundaryIds) {
      const boundary = this.element(boundaryId);
      if (boundary.eventKind === 'timer') this.armTimer(instance, boundary, instance.key);
      else if (boundary.eventKind === 'message') this.openSubscription(instance, boundary, boundary.id, boundary.cancelActivity ? 1 : 0);
    }
  }

  private timerDefinition(element: ElementModel, context: Variables): TimerDefinition {
    const timer = element.timer;
    if (!timer) throw new TimerDefinitionError(`timer event '${element.id}' has no time definition`);
    const value = evaluateValue(timer.expression, context);
    if (typeof value !== 'string') throw new ExpressionError(`expected timer '${timer.expression}' to be a string, but was ${JSON.stringify(value)}`);
    return { kind: timer.kind, value };
  }

  /** Arms a timer of `element` on the element instance `owner` (the catch event, or the activity for a boundary). */
  private armTimer(owner: ElementInstance, element: ElementModel, ownerKey: number, definition?: TimerDefinition, due?: { dueAt: number; repetitions: number }): void {
    const def = definition ?? this.timerDefinition(element, visibleVariables(this.runtime, owner.key));
    const when = due ?? firstDue(def, this.now);
    const key = this.nextKey();
    (owner.timerKeys ??= []).push(key);
    this.effects.timerInserts.push({ key, dueAt: when.dueAt, processInstanceKey: this.record.key, elementInstanceKey: ownerKey, elementId: element.id, repetitions: when.repetitions, definition: def });
  }

  private openSubscription(owner: ElementInstance, element: ElementModel, elementId: string, interrupting: number): void {
    const context = visibleVariables(this.runtime, owner.key);
    const message = element.message;
    if (!message) throw new ExpressionError(`'${element.id}' has no message reference`);
    const name = evaluateString(message.name, context, 'message name');
    const correlationKey = evaluateString(message.correlationKey, context, 'correlation key');
    const row: SubscriptionRow = { key: this.nextKey(), messageName: name, correlationKey, processInstanceKey: this.record.key, elementInstanceKey: owner.key, elementId, bpmnProcessId: this.record.bpmnProcessId, interrupting };
    (owner.subscriptionKeys ??= []).push(row.key);
    this.effects.subscriptionInserts.push(row);
    this.openedSubscriptions.push(row);
  }

  /** Removes the timers and subscriptions an element instance owns. */
  private disarm(instance: ElementInstance): void {
    if (instance.timerKeys) this.effects.timerDeletes.push(...instance.timerKeys);
    if (instance.subscriptionKeys) this.effects.subscriptionDeletes.push(...instance.subscriptionKeys);
    instance.timerKeys = undefined;
    instance.subscriptionKeys = undefined;
  }

  /** A timer fired. Returns false when its owner is gone (the timer is stale). */
  triggerTimer(timer: { key: number; elementInstanceKey: number; elementId: string; repetitions: number; dueAt: number; definition: TimerDefinition }): boolean {
    const owner = this.runtime.elements[timer.elementInstanceKey];
    if (!owner || !owner.timerKeys?.includes(timer.key)) return false;
    owner.timerKeys = owner.timerKeys.filter((k) => k !== timer.key);
    this.effects.timerDeletes.push(timer.key);
    const element = this.element(timer.elementId);
    this.event('timer.triggered', owner, { timerKey: String(timer.key), elementId: timer.elementId, dueAt: timer.dueAt });
    if (element.type === 'bpmn:BoundaryEvent') {
      if (!element.cancelActivity && timer.definition.kind === 'cycle') {
        const next = nextDue(timer.definition, timer.dueAt, timer.repetitions);
        if (next) this.armTimer(owner, element, owner.key, timer.definition, next);
      }
      this.triggerBoundary(owner, element, {});
    } else {
      this.complete(owner);
    }
    this.run();
    return true;
  }

  /** A message was correlated to a subscription of this instance. */
  correlate(subscription: { key: number; elementInstanceKey: number; elementId: string }, variables: Variables): boolean {
    const owner = this.runtime.elements[subscription.elementInstanceKey];
    if (!owner || !owner.subscriptionKeys?.includes(subscription.key)) return false;
    const element = this.element(subscription.elementId);
    if (element.type === 'bpmn:BoundaryEvent') {
      if (element.cancelActivity) this.disarm(owner);
      this.triggerBoundary(owner, element, variables);
    } else {
      this.disarm(owner);
      this.complete(owner, variables);
    }
    this.run();
    return true;
  }

  private triggerBoundary(attached: ElementInstance, boundary: ElementModel, variables: Variables): void {
    const scopeKey = attached.scopeKey;
    if (boundary.cancelActivity) this.terminate(attached);
    const instance: ElementInstance = { key: this.nextKey(), elementId: boundary.id, scopeKey, state: 'ACTIVE' };
    this.runtime.elements[instance.key] = instance;
    this.runtime.elements[scopeKey]!.children! += 1;
    this.event('element.activated', instance, { elementType: boundary.type, name: boundary.name, attachedTo: attached.elementId });
    this.schedule(() => this.complete(instance, variables));
  }

  // ---------------------------------------------------------------- errors

  /** A job threw a BPMN error. Returns true when a boundary caught it. */
  throwFromJob(instance: ElementInstance, errorCode: string, errorMessage: string, variables: Variables): boolean {
    const caught = this.throwFrom(instance, errorCode, errorMessage, variables);
    this.run();
    return caught;
  }

  /** Looks for a catching error boundary from the thrower outwards; an uncaught error is an incident. */
  private throwFrom(thrower: ElementInstance, errorCode: string, errorMessage: string, variables: Variables = {}): boolean {
    for (let current: ElementInstance | undefined = thrower; current && current.key !== this.record.key; current = this.runtime.elements[current.scopeKey]) {
      const element = this.model.elements.get(current.elementId);
      const boundaries = (element?.boundaryIds ?? []).map((id) => this.element(id)).filter((b) => b.eventKind === 'error');
      const boundary = boundaries.find((b) => b.errorCode === errorCode) ?? boundaries.find((b) => b.errorCode === undefined);
      if (boundary) {
        this.triggerBoundary(current, boundary, variables);
        return true;
      }
    }
    thrower.thrownError = { errorCode, errorMessage };
    this.incident(
      thrower,
      'UNHANDLED_ERROR_EVENT',
      `Expected to throw an error event with the code '${errorCode}' with message '${errorMessage}', but it was not caught. No error events are available in the scope.`,
      thrower.jobKey ? 'job' : 'throw',
    );
    return false;
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
    if (element.outputs.length === 0) return true;
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
    this.disarm(instance);
    this.remove(instance);
    this.event('element.completed', instance, { elementType: element.type });
    if (element.eventKind === 'terminate') {
      this.terminateChildren(instance.scopeKey);
      return this.completeScopeIfDone(instance.scopeKey);
    }
    const flows = chosenFlows ?? element.outgoing;
    for (const flow of flows) this.schedule(() => this.take(flow, instance.scopeKey));
    if (flows.length === 0) this.completeScopeIfDone(instance.scopeKey);
  }

  private remove(instance: ElementInstance): void {
    delete this.runtime.elements[instance.key];
    delete this.runtime.variables[instance.key];
    const scope = this.runtime.elements[instance.scopeKey];
    if (scope) scope.children = (scope.children ?? 1) - 1;
  }

  private take(flow: FlowModel, scopeKey: number): void {
    const target = this.element(flow.targetId);
    if (target.type === 'bpmn:ParallelGateway' && target.incoming.length > 1) {
      const scope = this.runtime.elements[scopeKey]!;
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

  /** Exclusive gateway: first outgoing flow whose condition is true, else the default, else an incident. */
  private decide(instance: ElementInstance, element: ElementModel): void {
    if (element.outgoing.length <= 1) return this.complete(instance, undefined, element.outgoing);
    const context = visibleVariables(this.runtime, instance.scopeKey);
    let chosen: FlowModel | undefined;
    try {
      chosen = element.outgoing.find((flow) => flow.id !== element.defaultFlowId && flow.condition !== undefined && evaluateCondition(flow.condition, context));
    } catch (error) {
      return this.incident(instance, 'CONDITION_ERROR', error, 'gateway');
    }
    chosen ??= element.outgoing.find((flow) => flow.id === element.defaultFlowId);
    if (!chosen) {
      return this.incident(instance, 'CONDITION_ERROR', `Expected at least one condition to evaluate to true, or to have a default flow, at gateway '${element.id}'`, 'gateway');
    }
    this.complete(instance, undefined, [chosen]);
  }

  private completeScopeIfDone(scopeKey: number): void {
    const scope = this.runtime.elements[scopeKey];
    if (!scope || (scope.children ?? 0) > 0 || (scope.pendingFlows ?? 0) > 0) return;
    if (scopeKey === this.record.key) {
      this.record.state = 'COMPLETED';
      this.record.endedAt = this.now;
      this.event('element.completed', scope, { elementType: 'bpmn:Process' });
      this.event('processInstance.completed', scope, { variables: this.runtime.variables[scopeKey] });
      this.finish();
    }
  }

  /** Keeps only the final variables of an ended instance. */
  private finish(): void {
    const root = this.runtime.variables[this.record.key] ?? {};
    this.record.runtime = { elements: {}, variables: { [this.record.key]: root }, joins: {} };
  }

  // ---------------------------------------------------------------- termination

  private terminateChildren(scopeKey: number): void {
    for (const child of Object.values(this.runtime.elements)) if (child.scopeKey === scopeKey) this.terminate(child);
    const scope = this.runtime.elements[scopeKey];
    if (scope) scope.pendingFlows = 0;
    for (const joinKey of Object.keys(this.runtime.joins)) if (joinKey.startsWith(`${scopeKey}/`)) delete this.runtime.joins[joinKey];
  }

  /** Terminates an element instance: its job, timers, subscriptions and incident go with it. */
  private terminate(instance: ElementInstance): void {
    if (instance.children) this.terminateChildren(instance.key);
    this.disarm(instance);
    if (instance.jobKey) {
      this.effects.jobDeletes.push(instance.jobKey);
      const element = this.element(instance.elementId);
      this.event('job.canceled', instance, { jobKey: String(instance.jobKey) });
      if (element.userTask) this.event('userTask.canceled', instance, { jobKey: String(instance.jobKey) });
      instance.jobKey = undefined;
    }
    if (instance.incidentKey) this.resolveIncidentRecord(instance);
    this.remove(instance);
    this.event('element.terminated', instance, {});
  }

  /** Cancels the whole instance (Zeebe's CancelProcessInstance). */
  cancel(): void {
    const root = this.runtime.elements[this.record.key]!;
    this.terminateChildren(root.key);
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
   * step may raise a fresh incident. Returns the retried step so the caller can act on jobs.
   */
  resolveIncident(instance: ElementInstance, job?: { retries: number; type: string }): IncidentRetry {
    const retry = instance.incidentRetry!;
    this.resolveIncidentRecord(instance);
    const element = this.element(instance.elementId);
    switch (retry) {
      case 'activate':
        this.schedule(() => this.enter(instance, element));
        break;
      case 'gateway':
        this.schedule(() => this.decide(instance, element));
        break;
      case 'complete':
        this.schedule(() => {
          if (this.applyOutputs(instance, element)) this.leave(instance, element);
        });
        break;
      case 'throw': {
        const thrown = instance.thrownError!;
        instance.thrownError = undefined;
        this.schedule(() => this.throwFrom(instance, thrown.errorCode, thrown.errorMessage));
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
