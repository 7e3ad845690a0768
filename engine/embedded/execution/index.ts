import type { Variables } from '../../port';
import type { JobRow } from '../effects';
import { ExpressionError, evaluateCondition, evaluateNumber, evaluateString, evaluateStringList, evaluateValue } from '../feel';
import { propagateVariables, setLocalVariables, visibleVariables, type ElementInstance, type IncidentRetry } from '../instance';
import { USER_TASK_JOB_TYPE, type ElementModel } from '../model';
import { EventExecution } from './events';

/**
 * Runs one process instance forward from a trigger until every path waits (job, timer,
 * message, signal, child instance) or ends. Synchronous on purpose: all database reads happen
 * before, all writes after, inside the command's transaction; work that concerns other
 * instances is handed back as cross-instance requests. Work is a queue, not recursion, so long
 * chains and large multi-instance collections cannot overflow the stack.
 */
export class Execution extends EventExecution {
  protected activateBody(element: ElementModel, scopeKey: number): void {
    const body: ElementInstance = { key: this.nextKey(), elementId: element.id, scopeKey, state: 'ACTIVE', children: 0, pendingFlows: 0 };
    this.runtime.elements[body.key] = body;
    this.childIndex && this.indexChild(scopeKey, body.key);
    this.runtime.elements[scopeKey]!.children! += 1;
    this.event('element.activated', body, { elementType: 'bpmn:MultiInstanceBody', name: element.name });
    this.startLoop(body, element);
  }

  protected startLoop(body: ElementInstance, element: ElementModel): void {
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
  protected innerCompleted(body: ElementInstance, inner: ElementInstance, element: ElementModel, outputValue: unknown): void {
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

  protected completeBody(body: ElementInstance, element: ElementModel): void {
    const mi = element.multiInstance!;
    if (mi.outputCollection) {
      const collection = this.runtime.variables[body.key]?.[mi.outputCollection] ?? [];
      propagateVariables(this.runtime, body.scopeKey, { [mi.outputCollection]: collection }, this.record.key);
    }
    body.loop = undefined;
    body.state = 'COMPLETING';
    this.leave(body, element);
  }

  protected startChild(instance: ElementInstance, element: ElementModel): void {
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

  /** Evaluates the called DMN decision and completes with its result, or raises Zeebe's incident. */
  protected callDecision(instance: ElementInstance, element: ElementModel): void {
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

  protected createJob(instance: ElementInstance, element: ElementModel): void {
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
    if (type === USER_TASK_JOB_TYPE) {
      // the inbox's read model takes the task's variables from here (a copy: the runtime changes later)
      const variables = structuredClone(context);
      this.event('userTask.created', instance, { jobKey: String(row.key), name: element.name, customHeaders: headers, processDefinitionKey: String(this.record.processDefinitionKey), variables });
    }
  }

  /** The custom headers Zeebe 8.5 sets on a job-worker user task, every one FEEL-capable. */
  protected userTaskHeaders(element: ElementModel, context: Variables): Record<string, string> {
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

  protected dateHeader(expression: string, context: Variables, what: string): string {
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
}
