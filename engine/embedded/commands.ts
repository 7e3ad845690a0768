import { EngineRejection, type ProcessInstanceCreated, type Variables } from '../port';
import type { Definitions } from './definitions';
import type { JobRow, MessageRow, SubscriptionRow, TimerRow } from './effects';
import { Execution } from './executor';
import { visibleVariables, type InstanceRecord } from './instance';
import { USER_TASK_JOB_TYPE } from './model';
import type { Command, CommandContext } from './processor';
import type { EngineRepository } from './repository';

/**
 * The engine's commands. Each validates first and throws an EngineRejection before it changes
 * anything; then it runs the instance forward with an Execution.
 */
export class Commands {
  constructor(
    private readonly repository: EngineRepository,
    private readonly definitions: Definitions,
    /** Jobs currently handed to workers, by key: saves a read on completion. */
    private readonly jobsInFlight: Map<number, JobRow>,
  ) {}

  private async execution(ctx: CommandContext, record: InstanceRecord): Promise<Execution> {
    const definition = await this.definitions.load(ctx.db, record.processDefinitionKey);
    return new Execution(record, definition.model, ctx.effects, ctx.now, ctx.nextKey);
  }

  /** Runs `act`, then correlates buffered messages to any subscription it opened, until none is left. */
  private async drive(ctx: CommandContext, record: InstanceRecord, act: (execution: Execution) => void): Promise<void> {
    let execution = await this.execution(ctx, record);
    act(execution);
    while (execution.openedSubscriptions.length) {
      const opened = execution.openedSubscriptions.splice(0);
      for (const subscription of opened) {
        const message = await this.repository.bufferedMessage(ctx.db, subscription.messageName, subscription.correlationKey, record.bpmnProcessId, ctx.now);
        if (!message) continue;
        execution = await this.execution(ctx, record);
        if (execution.correlate(subscription, message.variables as Variables)) {
          ctx.effects.correlationInserts.push({ messageKey: message.key, bpmnProcessId: record.bpmnProcessId });
          ctx.effects.events.push(correlatedEvent(message, subscription));
        }
        opened.push(...execution.openedSubscriptions.splice(0));
      }
    }
  }

  createInstance(bpmnProcessId: string, version: number | undefined, variables: Variables): Command<ProcessInstanceCreated> {
    return async (ctx) => {
      const definition = await this.definitions.resolve(ctx.db, bpmnProcessId, version);
      const record: InstanceRecord = {
        key: ctx.nextKey(),
        processDefinitionKey: definition.key,
        bpmnProcessId: definition.bpmnProcessId,
        version: definition.version,
        state: 'ACTIVE',
        runtime: { elements: {}, variables: {}, joins: {} },
        createdAt: ctx.now,
        isNew: true,
      };
      ctx.adopt(record);
      await this.drive(ctx, record, (execution) => execution.start(variables));
      return { processInstanceKey: String(record.key), processDefinitionKey: String(definition.key), bpmnProcessId: definition.bpmnProcessId, version: definition.version };
    };
  }

  private async activeJob(ctx: CommandContext, jobKey: number, verb: string) {
    const job = this.jobsInFlight.get(jobKey) ?? (await this.repository.findJob(ctx.db, jobKey));
    const record = job && (await ctx.instance(job.processInstanceKey));
    const instance = record?.state === 'ACTIVE' ? record.runtime.elements[job!.elementInstanceKey] : undefined;
    if (!job || !record || !instance || instance.jobKey !== jobKey) {
      throw new EngineRejection('NOT_FOUND', `Expected to ${verb} job with key '${jobKey}', but no such job was found`);
    }
    const stored = this.jobsInFlight.has(jobKey) ? job : ((await this.repository.findJob(ctx.db, jobKey)) ?? job);
    if (stored.state !== 'ACTIVATABLE') {
      throw new EngineRejection('INVALID_STATE', `Expected to ${verb} job with key '${jobKey}', but it is in state '${stored.state}'`);
    }
    return { job: stored, record, instance };
  }

  completeJob(jobKey: number, variables: Variables): Command<void> {
    return async (ctx) => {
      const { job, record, instance } = await this.activeJob(ctx, jobKey, 'complete');
      ctx.effects.jobDeletes.push(jobKey);
      const execution = await this.execution(ctx, record);
      execution.event('job.completed', instance, { jobKey: String(jobKey), type: job.type, variables });
      if (job.type === USER_TASK_JOB_TYPE) execution.event('userTask.completed', instance, { jobKey: String(jobKey), variables });
      await this.drive(ctx, record, (e) => e.completeJob(instance, variables));
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
      const execution = await this.execution(ctx, record);
      execution.event('job.errorThrown', instance, { jobKey: String(jobKey), type: job.type, errorCode, errorMessage });
      const caught = execution.throwFromJob(instance, errorCode, errorMessage, variables);
      if (!caught) ctx.effects.jobUpdates.set(jobKey, { state: 'ERROR_THROWN', errorMessage });
    };
  }

  updateJobRetries(jobKey: number, retries: number): Command<void> {
    return async (ctx) => {
      if (!Number.isInteger(retries) || retries < 1) throw new EngineRejection('INVALID_ARGUMENT', `retries must be a positive integer, got ${retries}`);
      const job = await this.repository.findJob(ctx.db, jobKey);
      if (!job) throw new EngineRejection('NOT_FOUND', `Expected to update retries for job with key '${jobKey}', but no such job was found`);
      ctx.effects.jobUpdates.set(jobKey, { retries });
      if (job.state === 'ACTIVATABLE') ctx.effects.reactivatedJobTypes.add(job.type);
    };
  }

  resolveIncident(incidentKey: number): Command<void> {
    return async (ctx) => {
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
      (await this.execution(ctx, record)).cancel();
    };
  }

  setVariables(scopeKey: number, variables: Variables, local: boolean): Command<void> {
    return async (ctx) => {
      const owner = (await ctx.instance(scopeKey))?.key ?? (await this.repository.instanceOwning(ctx.db, scopeKey));
      const record = owner === undefined ? undefined : await ctx.instance(owner);
      if (!record || record.state !== 'ACTIVE' || !record.runtime.elements[scopeKey]) {
        throw new EngineRejection('NOT_FOUND', `Expected to update variables for element with key '${scopeKey}', but no such element was found`);
      }
      (await this.execution(ctx, record)).setVariables(scopeKey, variables, local);
    };
  }

  publishMessage(name: string, correlationKey: string, variables: Variables, timeToLive: number, messageId: string | undefined): Command<{ messageKey: string }> {
    return async (ctx) => {
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
          correlated = execution.correlate(subscription, variables);
        });
        if (!correlated) continue;
        correlatedProcesses.add(subscription.bpmnProcessId);
        ctx.effects.events.push(correlatedEvent(message, subscription));
      }
      if (timeToLive > 0) {
        ctx.effects.messageInserts.push(message);
        for (const bpmnProcessId of correlatedProcesses) ctx.effects.correlationInserts.push({ messageKey: message.key, bpmnProcessId });
      }
      return { messageKey: String(message.key) };
    };
  }

  /** Fires a due timer; a timer whose owner has gone meanwhile is removed silently. */
  triggerTimer(timerKey: number): Command<void> {
    return async (ctx) => {
      const timer = await this.repository.findTimer(ctx.db, timerKey);
      if (!timer || timer.dueAt > ctx.now) return;
      const record = await ctx.instance(timer.processInstanceKey);
      let fired = false;
      if (record && record.state === 'ACTIVE') {
        await this.drive(ctx, record, (execution) => {
          fired = execution.triggerTimer(timer as TimerRow);
        });
      }
      if (!fired) ctx.effects.timerDeletes.push(timerKey);
    };
  }

  expireMessages(): Command<void> {
    return async (ctx) => {
      for (const key of await this.repository.deleteExpiredMessages(ctx.db, ctx.now)) {
        ctx.effects.events.push({ type: 'message.expired', payload: { messageKey: String(key) } });
      }
    };
  }

  /** The variables a job sees at activation (all visible, or only those asked for). */
  jobVariables(jobs: JobRow[], fetch?: string[]): Command<Variables[]> {
    return async (ctx) => {
      const result: Variables[] = [];
      for (const job of jobs) {
        const record = await ctx.instance(job.processInstanceKey);
        const visible = record ? visibleVariables(record.runtime, job.elementInstanceKey) : {};
        result.push(fetch ? Object.fromEntries(fetch.filter((n) => n in visible).map((n) => [n, visible[n]])) : visible);
      }
      return result;
    };
  }
}

function correlatedEvent(message: MessageRow, subscription: SubscriptionRow) {
  return {
    type: 'message.correlated' as const,
    processInstanceKey: subscription.processInstanceKey,
    elementInstanceKey: subscription.elementInstanceKey,
    elementId: subscription.elementId,
    bpmnProcessId: subscription.bpmnProcessId,
    payload: { messageKey: String(message.key), name: message.name, correlationKey: message.correlationKey },
  };
}
