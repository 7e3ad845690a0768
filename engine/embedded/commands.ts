import { EngineRejection, type ProcessInstanceCreated, type Variables } from '../port';
import type { DefinitionInfo, Definitions } from './definitions';
import type { CrossInstanceRequest, JobRow, MessageRow, SubscriptionRow, TimerRow } from './effects';
import { Execution } from './execution';
import { visibleVariables, type InstanceRecord } from './instance';
import { USER_TASK_JOB_TYPE } from './model';
import type { Command, CommandContext } from './processor';
import type { EngineRepository } from './repository';
import { nextDue } from './timer-schedule';

/**
 * The engine's commands. Each validates first and throws an EngineRejection before it changes
 * anything; then it runs the instances it concerns forward, following call activities and
 * signals across instances within the same transaction.
 */
export class Commands {
  /** Commands (by their effects) whose cross-instance requests are being carried out. */
  private readonly settling = new WeakSet<object>();

  constructor(
    private readonly repository: EngineRepository,
    private readonly definitions: Definitions,
    /** Jobs currently handed to workers, by key: saves a read on completion. */
    private readonly jobsInFlight: Map<number, JobRow>,
  ) {}

  private async execution(ctx: CommandContext, record: InstanceRecord): Promise<Execution> {
    const definition = await this.definitions.load(ctx.db, record.processDefinitionKey);
    return new Execution(record, definition.model, ctx.effects, ctx.now, ctx.nextKey, (id) => this.definitions.decisions.find(id));
  }

  /**
   * Runs `act` on an instance, then everything it caused: buffered messages for subscriptions it
   * opened, and requests to other instances (child starts and completions, cancellations,
   * errors and escalations crossing call activities, signal broadcasts).
   */
  private async drive(ctx: CommandContext, record: InstanceRecord, act: (execution: Execution) => void): Promise<void> {
    const execution = await this.execution(ctx, record);
    act(execution);
    await this.settle(ctx, execution);
  }

  /**
   * Correlates buffered messages to the subscriptions `execution` opened, then carries out the
   * requests to other instances, and theirs in turn, until none is left. Nested calls (a signal
   * delivered while settling) leave the requests to the outermost loop.
   */
  private async settle(ctx: CommandContext, execution: Execution): Promise<void> {
    await this.correlateOpened(ctx, execution);
    if (this.settling.has(ctx.effects)) return;
    this.settling.add(ctx.effects);
    try {
      const requests = ctx.effects.crossInstance;
      for (let i = 0; i < requests.length; i++) {
        const next = await this.crossInstance(ctx, requests[i]!);
        if (next) await this.correlateOpened(ctx, next);
      }
      requests.length = 0;
    } finally {
      this.settling.delete(ctx.effects);
    }
  }

  private async correlateOpened(ctx: CommandContext, execution: Execution): Promise<void> {
    while (execution.openedSubscriptions.length) await this.correlateBuffered(ctx, execution, execution.openedSubscriptions.splice(0));
  }

  private async correlateBuffered(ctx: CommandContext, execution: Execution, opened: SubscriptionRow[]): Promise<void> {
    const record = execution.record;
    for (const subscription of opened) {
      await ctx.flush();
      const message = await this.repository.bufferedMessage(ctx.db, subscription.messageName, subscription.correlationKey, record.bpmnProcessId, ctx.now);
      if (!message) continue;
      if (execution.fire('message', subscription.key, subscription.elementInstanceKey, message.variables as Variables)) {
        ctx.effects.correlationInserts.push({ messageKey: message.key, bpmnProcessId: record.bpmnProcessId });
        ctx.effects.events.push(correlatedEvent(message, subscription));
      }
    }
  }

  /** Carries out one request an execution made of another instance; returns the execution it ran. */
  private async crossInstance(ctx: CommandContext, request: CrossInstanceRequest): Promise<Execution | undefined> {
    switch (request.kind) {
      case 'startChild': {
        const parent = await ctx.instance(request.parentKey);
        let definition: DefinitionInfo;
        try {
          definition = await this.definitions.resolve(ctx.db, request.processId);
        } catch (error) {
          if (!(error instanceof EngineRejection) || !parent) throw error;
          const execution = await this.execution(ctx, parent);
          execution.callIncident(request.callActivityKey, `Expected process with BPMN process id '${request.processId}' to be deployed, but not found.`);
          return execution;
        }
        const child = this.newRecord(ctx, definition, request.childKey);
        child.parent = { processInstanceKey: request.parentKey, elementInstanceKey: request.callActivityKey };
        const execution = await this.execution(ctx, child);
        execution.start(request.variables);
        return execution;
      }
      case 'childCompleted':
        return this.onInstance(ctx, request.parentKey, (e) => e.childCompleted(request.callActivityKey, request.childKey, request.variables));
      case 'cancelChild':
        return this.onInstance(ctx, request.childKey, (e) => e.cancel());
      case 'childError':
        return this.onInstance(ctx, request.parentKey, (e) => e.childError(request.callActivityKey, request.errorCode, request.errorMessage, request.variables, request.origin));
      case 'uncaughtError':
        return this.onInstance(ctx, request.origin.processInstanceKey, (e) => {
          const thrower = e.record.runtime.elements[request.origin.elementInstanceKey];
          if (thrower) e.uncaughtError(thrower, request.errorCode, request.errorMessage);
        });
      case 'childEscalation':
        return this.onInstance(ctx, request.parentKey, (e) => e.childEscalation(request.callActivityKey, request.escalationCode, request.variables));
      case 'broadcastSignal':
        await this.deliverSignal(ctx, request.name, request.variables);
        return undefined;
      case 'startKeyReleased':
        await this.startFromBufferedMessage(ctx, request.bpmnProcessId, request.correlationKey);
        return undefined;
    }
  }

  private async onInstance(ctx: CommandContext, key: number, act: (execution: Execution) => void): Promise<Execution | undefined> {
    const record = await ctx.instance(key);
    if (!record || record.state !== 'ACTIVE') return undefined;
    const execution = await this.execution(ctx, record);
    act(execution);
    return execution;
  }

  private newRecord(ctx: CommandContext, definition: DefinitionInfo, key = ctx.nextKey()): InstanceRecord {
    const record: InstanceRecord = {
      key,
      processDefinitionKey: definition.key,
      bpmnProcessId: definition.bpmnProcessId,
      version: definition.version,
      state: 'ACTIVE',
      runtime: { elements: {}, variables: {}, joins: {} },
      createdAt: ctx.now,
      isNew: true,
    };
    ctx.adopt(record);
    return record;
  }

  createInstance(bpmnProcessId: string, version: number | undefined, variables: Variables): Command<ProcessInstanceCreated> {
    return async (ctx) => {
      const definition = await this.definitions.resolve(ctx.db, bpmnProcessId, version);
      if (!definition.model.noneStartId) {
        throw new EngineRejection('INVALID_STATE', `Expected to create an instance of process '${bpmnProcessId}', but it has no none start event (it starts by timer, message or signal)`);
      }
      const record = this.newRecord(ctx, definition);
      await this.drive(ctx, record, (execution) => execution.start(variables));
      return { processInstanceKey: String(record.key), processDefinitionKey: String(definition.key), bpmnProcessId: definition.bpmnProcessId, version: definition.version };
    };
  }

  /** Starts an instance at a timer, message or signal start event. */
  private async startAt(ctx: CommandContext, processDefinitionKey: number, startEventId: string, variables: Variables, startCorrelationKey?: string): Promise<InstanceRecord> {
    const definition = await this.definitions.load(ctx.db, processDefinitionKey);
    const record = this.newRecord(ctx, definition);
    if (startCorrelationKey) record.startCorrelationKey = startCorrelationKey;
    await this.drive(ctx, record, (execution) => execution.start(variables, startEventId));
    return record;
  }

  /** Zeebe's rule for message start events: one active instance per process and correlation key. */
  private async startCorrelationTaken(ctx: CommandContext, bpmnProcessId: string, correlationKey: string): Promise<boolean> {
    for (const record of ctx.touched()) {
      if (record.bpmnProcessId === bpmnProcessId && record.startCorrelationKey === correlationKey && record.state === 'ACTIVE') return true;
    }
    for (const key of await this.repository.activeWithStartCorrelation(ctx.db, bpmnProcessId, correlationKey)) {
      if ((await ctx.instance(key))?.state === 'ACTIVE') return true;
    }
    return false;
  }

  private async activeJob(ctx: CommandContext, jobKey: number, verb: string) {
    if (!this.jobsInFlight.has(jobKey)) await ctx.flush();
    const job = this.jobsInFlight.get(jobKey) ?? (await this.repository.findJob(ctx.db, jobKey));
    const record = job && (await ctx.instance(job.processInstanceKey));
    const instance = record?.state === 'ACTIVE' ? record.runtime.elements[job!.elementInstanceKey] : undefined;
    if (!job || !record || !instance || instance.jobKey !== jobKey) {
      throw new EngineRejection('NOT_FOUND', `Expected to ${verb} job with key '${jobKey}', but no such job was found`);
    }
    if (job.state !== 'ACTIVATABLE') {
      throw new EngineRejection('INVALID_STATE', `Expected to ${verb} job with key '${jobKey}', but it is in state '${job.state}'`);
    }
    return { job, record, instance };
  }

  completeJob(jobKey: number, variables: Variables): Command<void> {
    return async (ctx) => {
      const { job, record, instance } = await this.activeJob(ctx, jobKey, 'complete');
      ctx.effects.jobDeletes.push(jobKey);
      await this.drive(ctx, record, (execution) => {
        execution.event('job.completed', instance, { jobKey: String(jobKey), type: job.type, variables });
        if (job.type === USER_TASK_JOB_TYPE) execution.event('userTask.completed', instance, { jobKey: String(jobKey), variables });
        execution.completeJob(instance, variables);
      });
    };
  }

  failJob(jobKey: number, errorMessage: string, retries: number, retryBackOff: number, variables?: Variables): Command<void> {
    return async (ctx) => {
      if (!Number.isInteger(retries) || retries < 0) throw new EngineRejection('INVALID_ARGUMENT', `retries must be a non-negative integer, got ${retries}`);
      const { job, record, instance } = await this.activeJob(ctx, jobKey, 'fail');
      const execution = await this.execution(ctx, record);
      if (variables && Object.keys(variables).length) execution.setVariables(instance.key, variables, true);
      execution.event('job.failed', instance, { jobKey: String(jobKey), type: job.type, retries, errorMessage });
      if (retries > 0) {
        ctx.effects.jobUpdates.set(jobKey, { retries, retryAt: ctx.now + Math.max(0, retryBackOff), errorMessage });
        ctx.effects.reactivatedJobTypes.add(job.type);
      } else {
        ctx.effects.jobUpdates.set(jobKey, { retries: 0, state: 'FAILED', errorMessage });
        execution.jobIncident(instance, errorMessage);
      }
    };
  }

  throwError(jobKey: number, errorCode: string, errorMessage: string, variables: Variables): Command<void> {
    return async (ctx) => {
      const { job, record, instance } = await this.activeJob(ctx, jobKey, 'throw an error for');
      let caught = false;
      ctx.effects.jobUpdates.set(jobKey, { state: 'ERROR_THROWN', errorMessage });
      await this.drive(ctx, record, (execution) => {
        execution.event('job.errorThrown', instance, { jobKey: String(jobKey), type: job.type, errorCode, errorMessage });
        caught = execution.throwFromJob(instance, errorCode, errorMessage, variables);
      });
      if (caught) ctx.effects.jobUpdates.delete(jobKey);
    };
  }

  updateJobRetries(jobKey: number, retries: number): Command<void> {
    return async (ctx) => {
      if (!Number.isInteger(retries) || retries < 1) throw new EngineRejection('INVALID_ARGUMENT', `retries must be a positive integer, got ${retries}`);
      await ctx.flush();
      const job = await this.repository.findJob(ctx.db, jobKey);
      if (!job) throw new EngineRejection('NOT_FOUND', `Expected to update retries for job with key '${jobKey}', but no such job was found`);
      ctx.effects.jobUpdates.set(jobKey, { retries });
      if (job.state === 'ACTIVATABLE') ctx.effects.reactivatedJobTypes.add(job.type);
    };
  }

  resolveIncident(incidentKey: number): Command<void> {
    return async (ctx) => {
      await ctx.flush();
      const incident = await this.repository.findIncident(ctx.db, incidentKey);
      if (!incident || incident.state !== 'ACTIVE') {
        throw new EngineRejection('NOT_FOUND', `Expected to resolve incident with key '${incidentKey}', but no such incident was found`);
      }
      const record = await ctx.instance(incident.processInstanceKey);
      const instance = record?.runtime.elements[incident.elementInstanceKey];
      if (!record || !instance || instance.incidentKey !== incidentKey) {
        ctx.effects.incidentResolves.push(incidentKey);
        return;
      }
      const job = incident.jobKey ? await this.repository.findJob(ctx.db, incident.jobKey) : undefined;
      await this.drive(ctx, record, (execution) => {
        const retried = execution.resolveIncident(instance, job ?? undefined);
        if (retried === 'job' && job && job.retries > 0) {
          ctx.effects.jobUpdates.set(job.key, { state: 'ACTIVATABLE', retryAt: ctx.now });
          ctx.effects.reactivatedJobTypes.add(job.type);
        }
      });
    };
  }

  cancelInstance(processInstanceKey: number): Command<void> {
    return async (ctx) => {
      const record = await ctx.instance(processInstanceKey);
      if (!record || record.state !== 'ACTIVE') {
        throw new EngineRejection('NOT_FOUND', `Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`);
      }
      if (record.parent) {
        throw new EngineRejection(
          'INVALID_STATE',
          `Expected to cancel a process instance with key '${processInstanceKey}', but it is created by a parent process instance. Cancel the root process instance '${record.parent.processInstanceKey}' instead.`,
        );
      }
      await this.drive(ctx, record, (execution) => execution.cancel());
    };
  }

  setVariables(scopeKey: number, variables: Variables, local: boolean): Command<void> {
    return async (ctx) => {
      const owner = (await ctx.instance(scopeKey))?.key ?? [...ctx.touched()].find((r) => r.runtime.elements[scopeKey])?.key ?? (await this.repository.instanceOwning(ctx.db, scopeKey));
      const record = owner === undefined ? undefined : await ctx.instance(owner);
      if (!record || record.state !== 'ACTIVE' || !record.runtime.elements[scopeKey]) {
        throw new EngineRejection('NOT_FOUND', `Expected to update variables for element with key '${scopeKey}', but no such element was found`);
      }
      (await this.execution(ctx, record)).setVariables(scopeKey, variables, local);
    };
  }

  publishMessage(name: string, correlationKey: string, variables: Variables, timeToLive: number, messageId: string | undefined): Command<{ messageKey: string }> {
    return async (ctx) => {
      await ctx.flush();
      if (messageId && (await this.repository.liveMessageWithId(ctx.db, name, correlationKey, messageId, ctx.now))) {
        throw new EngineRejection('ALREADY_EXISTS', `Expected to publish a new message with id '${messageId}', but a message with that id was already published`);
      }
      const message: MessageRow = { key: ctx.nextKey(), name, correlationKey, messageId: messageId ?? null, variables, expiresAt: ctx.now + timeToLive };
      ctx.effects.events.push({ type: 'message.published', payload: { messageKey: String(message.key), name, correlationKey, timeToLive, messageId } });
      const correlatedProcesses = new Set<string>();
      for (const subscription of await this.repository.subscriptionsFor(ctx.db, name, correlationKey)) {
        if (correlatedProcesses.has(subscription.bpmnProcessId)) continue;
        const record = await ctx.instance(subscription.processInstanceKey);
        if (!record || record.state !== 'ACTIVE') continue;
        let correlated = false;
        await this.drive(ctx, record, (execution) => {
          correlated = execution.fire('message', subscription.key, subscription.elementInstanceKey, variables);
        });
        if (!correlated) continue;
        correlatedProcesses.add(subscription.bpmnProcessId);
        ctx.effects.events.push(correlatedEvent(message, subscription));
      }
      await ctx.flush();
      for (const start of await this.repository.messageStartSubscriptions(ctx.db, name)) {
        if (correlatedProcesses.has(start.bpmnProcessId)) continue;
        if (correlationKey && (await this.startCorrelationTaken(ctx, start.bpmnProcessId, correlationKey))) continue;
        const record = await this.startAt(ctx, start.processDefinitionKey!, start.elementId, variables, correlationKey || undefined);
        correlatedProcesses.add(start.bpmnProcessId);
        ctx.effects.events.push(correlatedEvent(message, { ...start, processInstanceKey: record.key }));
      }
      if (timeToLive > 0) {
        ctx.effects.messageInserts.push(message);
        for (const bpmnProcessId of correlatedProcesses) ctx.effects.correlationInserts.push({ messageKey: message.key, bpmnProcessId });
      }
      return { messageKey: String(message.key) };
    };
  }

  broadcastSignal(name: string, variables: Variables): Command<{ signalKey: string }> {
    return async (ctx) => {
      const key = ctx.nextKey();
      ctx.effects.events.push({ type: 'signal.broadcast', payload: { signalKey: String(key), name } });
      await this.deliverSignal(ctx, name, variables);
      return { signalKey: String(key) };
    };
  }

  /**
   * The instance a message with this correlation key started has ended: a buffered message with
   * the same key starts the next one (Zeebe's message start event semantics).
   */
  private async startFromBufferedMessage(ctx: CommandContext, bpmnProcessId: string, correlationKey: string): Promise<void> {
    await ctx.flush();
    for (const start of await this.repository.messageStartSubscriptionsOf(ctx.db, bpmnProcessId)) {
      const message = await this.repository.bufferedMessage(ctx.db, start.messageName, correlationKey, bpmnProcessId, ctx.now);
      if (!message) continue;
      const record = await this.startAt(ctx, start.processDefinitionKey!, start.elementId, message.variables as Variables, correlationKey);
      ctx.effects.correlationInserts.push({ messageKey: message.key, bpmnProcessId });
      ctx.effects.events.push(correlatedEvent(message, { ...start, processInstanceKey: record.key }));
      return;
    }
  }

  /** Delivers a signal to every open signal subscription: catch events, boundaries, event sub-processes, start events. */
  private async deliverSignal(ctx: CommandContext, name: string, variables: Variables): Promise<void> {
    await ctx.flush();
    for (const subscription of await this.repository.signalSubscriptionsFor(ctx.db, name)) {
      if (subscription.processInstanceKey === 0) {
        await this.startAt(ctx, subscription.processDefinitionKey!, subscription.elementId, variables);
        continue;
      }
      const record = await ctx.instance(subscription.processInstanceKey);
      if (!record || record.state !== 'ACTIVE') continue;
      await this.drive(ctx, record, (execution) => {
        execution.fire('signal', subscription.key, subscription.elementInstanceKey, variables);
      });
    }
  }

  /**
   * Fires due timers (one command for a group, re-read in one query); a timer whose owner has
   * gone meanwhile is removed silently.
   */
  triggerTimers(timerKeys: number[]): Command<void> {
    return async (ctx) => {
      await ctx.flush();
      const timers = await this.repository.findTimers(ctx.db, timerKeys);
      await ctx.preload(timers.filter((timer) => timer.processInstanceKey !== 0).map((timer) => timer.processInstanceKey));
      for (const timer of timers) {
        if (timer.dueAt > ctx.now) continue;
        if (timer.processInstanceKey === 0) {
          await this.fireStartTimer(ctx, timer);
          continue;
        }
        const record = await ctx.instance(timer.processInstanceKey);
        let fired = false;
        if (record && record.state === 'ACTIVE') {
          await this.drive(ctx, record, (execution) => {
            fired = execution.fire('timer', timer.key, timer.elementInstanceKey, {}, timer);
          });
        }
        if (!fired) ctx.effects.timerDeletes.push(timer.key);
      }
    };
  }

  private async fireStartTimer(ctx: CommandContext, timer: TimerRow): Promise<void> {
    ctx.effects.timerDeletes.push(timer.key);
    ctx.effects.events.push({ type: 'timer.triggered', elementId: timer.elementId, payload: { timerKey: String(timer.key), dueAt: timer.dueAt, processDefinitionKey: String(timer.processDefinitionKey) } });
    const next = timer.definition.kind === 'cycle' ? nextDue(timer.definition, timer.dueAt, timer.repetitions, ctx.now) : undefined;
    if (next) ctx.effects.timerInserts.push({ ...timer, key: ctx.nextKey(), dueAt: next.dueAt, repetitions: next.repetitions });
    await this.startAt(ctx, timer.processDefinitionKey!, timer.elementId, {});
  }

  expireMessages(): Command<void> {
    return async (ctx) => {
      await ctx.flush();
      for (const key of await this.repository.deleteExpiredMessages(ctx.db, ctx.now)) {
        ctx.effects.events.push({ type: 'message.expired', payload: { messageKey: String(key) } });
      }
    };
  }

  /**
   * The variables a job sees at activation (all visible, or only those asked for), or undefined
   * for a job that can no longer be activated: a poll reads the jobs table outside the command
   * queue, so a row it saw may have been completed, cancelled or failed (with a back-off) since.
   */
  jobVariables(jobs: JobRow[], fetch?: string[]): Command<(Variables | undefined)[]> {
    return async (ctx) => {
      await ctx.flush();
      const activatable = await this.repository.stillActivatable(ctx.db, jobs.map((job) => job.key), ctx.now);
      const result: (Variables | undefined)[] = [];
      for (const job of jobs) {
        const record = await ctx.peek(job.processInstanceKey);
        if (!activatable.has(job.key) || record?.state !== 'ACTIVE' || record.runtime.elements[job.elementInstanceKey]?.jobKey !== job.key) {
          result.push(undefined);
          continue;
        }
        const visible = visibleVariables(record.runtime, job.elementInstanceKey);
        result.push(fetch ? Object.fromEntries(fetch.filter((n) => n in visible).map((n) => [n, visible[n]])) : visible);
      }
      return result;
    };
  }
}

function correlatedEvent(message: MessageRow, subscription: Pick<SubscriptionRow, 'processInstanceKey' | 'elementInstanceKey' | 'elementId' | 'bpmnProcessId'>) {
  return {
    type: 'message.correlated' as const,
    processInstanceKey: subscription.processInstanceKey,
    elementInstanceKey: subscription.elementInstanceKey || undefined,
    elementId: subscription.elementId,
    bpmnProcessId: subscription.bpmnProcessId,
    payload: { messageKey: String(message.key), name: message.name, correlationKey: message.correlationKey },
  };
}
