import type { Variables } from '../../port';
import type { ThrowOrigin } from '../effects';
import { ExpressionError, evaluateCondition, evaluateValue } from '../feel';
import { propagateVariables, setLocalVariables, visibleVariables, type ElementInstance } from '../instance';
import { linkTarget, type ElementModel, type FlowModel } from '../model';
import { TimerDefinitionError } from '../timer-schedule';
import { ExecutionState } from './state';

export interface ActivateOptions {
  /** The element was already triggered (event gateway, link, event sub-process start): complete it with these variables. */
  triggered?: Variables;
  /** Multi-instance inner instance: its body and index. */
  inner?: { bodyKey: number; index: number; item: unknown };
  /** Event sub-process: the start event that fired, and its variables. */
  startWith?: { startEventId: string; variables: Variables };
  /** Compensation handler: the throw event waiting for it. */
  compensationFor?: number;
}

/** Activation, completion and sequence flows of elements and scopes, and termination. */
export abstract class FlowExecution extends ExecutionState {
  protected abstract activateBody(element: ElementModel, scopeKey: number): void;
  protected abstract innerCompleted(body: ElementInstance, inner: ElementInstance, element: ElementModel, outputValue: unknown): void;
  protected abstract startChild(instance: ElementInstance, element: ElementModel): void;
  protected abstract callDecision(instance: ElementInstance, element: ElementModel): void;
  protected abstract createJob(instance: ElementInstance, element: ElementModel): void;
  protected abstract armCatch(owner: ElementInstance, element: ElementModel, scopeOf: ElementInstance): void;
  protected abstract armBoundaries(instance: ElementInstance, element: ElementModel): void;
  protected abstract armEventSubProcesses(scope: ElementInstance, scopeElement: ElementModel): void;
  protected abstract armEventGateway(gateway: ElementInstance, element: ElementModel): void;
  protected abstract openSubscription(owner: ElementInstance, element: ElementModel, scopeOf?: ElementInstance): void;
  protected abstract compensate(thrower: ElementInstance, element: ElementModel): void;
  protected abstract rememberCompensable(instance: ElementInstance, element: ElementModel): void;
  protected abstract throwError(thrower: ElementInstance, errorCode: string, errorMessage: string, variables: Variables, origin?: ThrowOrigin): boolean;
  protected abstract throwEscalation(thrower: ElementInstance, escalationCode: string, variables?: Variables): void;

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

  protected activate(elementId: string, scopeKey: number, options: ActivateOptions = {}): void {
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
  protected enter(instance: ElementInstance, element: ElementModel, options: ActivateOptions = {}): void {
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

  protected behave(instance: ElementInstance, element: ElementModel, options: ActivateOptions): void {
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
  protected throwEvent(instance: ElementInstance, element: ElementModel): void {
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

  protected enterScope(instance: ElementInstance, element: ElementModel, options: ActivateOptions): void {
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

  /** Completes a scope whose last child ended. */
  protected completeScopeIfDone(scopeKey: number): void {
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

  /** Leaves an element: job/message variables, output mappings, then its outgoing flows. */
  protected complete(instance: ElementInstance, result?: Variables, chosenFlows?: FlowModel[]): void {
    const element = this.element(instance.elementId);
    if (result && Object.keys(result).length > 0) {
      if (element.outputs.length > 0) setLocalVariables(this.runtime, instance.key, result);
      else propagateVariables(this.runtime, instance.key, result, this.record.key);
    }
    instance.state = 'COMPLETING';
    if (!this.applyOutputs(instance, element)) return;
    this.leave(instance, element, chosenFlows);
  }

  protected applyOutputs(instance: ElementInstance, element: ElementModel): boolean {
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

  protected leave(instance: ElementInstance, element: ElementModel, chosenFlows?: FlowModel[]): void {
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

  protected removeAndLeave(instance: ElementInstance, element: ElementModel, flows: FlowModel[]): void {
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

  protected remove(instance: ElementInstance): void {
    delete this.runtime.elements[instance.key];
    delete this.runtime.variables[instance.key];
    this.childIndex?.get(instance.scopeKey)?.delete(instance.key);
    const scope = this.runtime.elements[instance.scopeKey];
    if (scope) scope.children = (scope.children ?? 1) - 1;
  }

  protected take(flow: FlowModel, scopeKey: number): void {
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
  protected decide(instance: ElementInstance, element: ElementModel, inclusive: boolean): void {
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

  protected terminateChildren(scopeKey: number): void {
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
  protected terminate(instance: ElementInstance): void {
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
}
