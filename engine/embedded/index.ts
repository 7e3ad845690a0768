import pino, { type Logger } from 'pino';
import type { Database } from '../../store/database';
import { SystemClock, type Clock } from '../clock';
import {
  EngineRejection,
  type CreateProcessInstanceRequest,
  type Deployment,
  type Engine,
  type EngineEvent,
  type EngineEventListener,
  type Incident,
  type JobWorker,
  type JobWorkerConfig,
  type ProcessInstanceCreated,
  type PublishMessageRequest,
  type Resource,
  type SetVariablesRequest,
  type Variables,
} from '../port';
import { Commands } from './commands';
import { Definitions } from './definitions';
import { JobDispatcher } from './dispatcher';
import type { IncidentRow } from './effects';
import type { InstanceRecord } from './instance';
import { CommandProcessor, type CommittedBatch } from './processor';
import { EngineRepository } from './repository';
import { TimerScheduler } from './scheduler';

export interface EmbeddedEngineOptions {
  database: Database;
  clock?: Clock;
  logger?: Logger;
  /** Most commands per transaction (group commit). */
  batchMax?: number;
  /** Idle workers look for retried / timed-out jobs this often. */
  jobPollMs?: number;
  /** How often expired buffered messages are removed. */
  messageSweepMs?: number;
}

/** A process instance as the embedded engine stores it (for the read side and tests). */
export interface ProcessInstanceView {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  state: InstanceRecord['state'];
  variables: Variables;
  elementInstances: { key: string; elementId: string; state: string; incidentKey?: string }[];
  createdAt: number;
  endedAt?: number;
}

/** Parses a Zeebe key given as text; a malformed key is a clean rejection. */
function parseKey(value: string, what: string): number {
  if (!/^\d{1,16}$/.test(String(value))) throw new EngineRejection('INVALID_ARGUMENT', `${what} must be a numeric key, got '${value}'`);
  return Number(value);
}

function assertVariables(variables: unknown): Variables {
  if (variables === undefined) return {};
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
    throw new EngineRejection('INVALID_ARGUMENT', 'variables must be a JSON object');
  }
  return JSON.parse(JSON.stringify(variables)) as Variables;
}

/**
 * The embedded engine: Zeebe's semantics for the supported element set, durable on PostgreSQL
 * (PGlite or a server). One engine process per database.
 */
export class EmbeddedEngine implements Engine {
  readonly clock: Clock;
  private readonly repository = new EngineRepository();
  private readonly definitions: Definitions;
  private readonly processor: CommandProcessor;
  private readonly dispatcher: JobDispatcher;
  private readonly scheduler: TimerScheduler;
  private readonly commands: Commands;
  private readonly listeners = new Set<EngineEventListener>();
  private readonly logger: Logger;
  private messageSweep: NodeJS.Timeout | undefined;
  private releaseClaim: (() => Promise<void>) | undefined;
  private closed = false;

  private constructor(private readonly options: EmbeddedEngineOptions) {
    const db = options.database.db;
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.definitions = new Definitions(db, this.repository);
    this.processor = new CommandProcessor(db, this.repository, this.clock, (batch) => this.afterCommit(batch), this.logger, options.batchMax ?? 200);
    this.dispatcher = new JobDispatcher(
      {
        activatable: (type, limit, exclude) => this.repository.activatableJobs(db, type, this.clock.now(), limit, exclude),
        variablesOf: (jobs, fetch) => this.processor.submit(this.commands.jobVariables(jobs, fetch)),
        complete: (key, variables) => this.processor.submit(this.commands.completeJob(key, variables)),
        fail: (key, message, retries, backOff, variables) => this.processor.submit(this.commands.failJob(key, message, retries, backOff, variables)),
        error: (key, code, message, variables) => this.processor.submit(this.commands.throwError(key, code, message, variables)),
      },
      this.clock,
      this.logger,
      options.jobPollMs ?? 500,
    );
    this.commands = new Commands(this.repository, this.definitions, this.dispatcher.inFlight);
    this.scheduler = new TimerScheduler(
      {
        dueTimers: (limit) => this.repository.dueTimers(db, this.clock.now(), limit),
        nextDue: () => this.repository.nextTimerDue(db),
        trigger: (keys) => this.processor.submit(this.commands.triggerTimers(keys)),
      },
      this.clock,
      this.logger,
    );
  }

  /** Starts the engine on a migrated database and resumes timers and jobs left from before. */
  static async start(options: EmbeddedEngineOptions): Promise<EmbeddedEngine> {
    const engine = new EmbeddedEngine(options);
    engine.releaseClaim = await options.database.claimEngine();
    await engine.definitions.decisions.load(options.database.db);
    engine.dispatcher.start();
    await engine.scheduler.start();
    engine.messageSweep = setInterval(() => void engine.processor.submit(engine.commands.expireMessages()).catch(() => undefined), options.messageSweepMs ?? 10_000);
    engine.messageSweep.unref();
    return engine;
  }

  private afterCommit(batch: CommittedBatch): void {
    for (const effects of batch.effects) {
      for (const key of effects.jobDeletes) this.dispatcher.release(key);
      if (effects.createdJobs.length) this.dispatcher.offer(effects.createdJobs);
      for (const type of effects.reactivatedJobTypes) this.dispatcher.poke(type);
      for (const timer of effects.timerInserts) this.scheduler.consider(timer.dueAt);
    }
    for (const event of batch.events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          this.logger.error({ err: error, event: event.type }, 'engine event listener failed');
        }
      }
    }
  }

  private guard(): void {
    if (this.closed) throw new EngineRejection('INVALID_STATE', 'the engine is closed');
  }

  async deployResources(resources: Resource[]): Promise<Deployment> {
    this.guard();
    const validated = await this.definitions.validate(resources);
    return this.processor.submit(this.definitions.deployCommand(validated));
  }

  async createProcessInstance(request: CreateProcessInstanceRequest): Promise<ProcessInstanceCreated> {
    this.guard();
    if (!request.bpmnProcessId) throw new EngineRejection('INVALID_ARGUMENT', 'bpmnProcessId is required');
    return this.processor.submit(this.commands.createInstance(request.bpmnProcessId, request.version, assertVariables(request.variables)));
  }

  async publishMessage(request: PublishMessageRequest): Promise<{ messageKey: string }> {
    this.guard();
    if (!request.name) throw new EngineRejection('INVALID_ARGUMENT', 'message name is required');
    const ttl = request.timeToLive ?? 0;
    if (!Number.isFinite(ttl) || ttl < 0) throw new EngineRejection('INVALID_ARGUMENT', `timeToLive must be a non-negative number of ms, got ${ttl}`);
    return this.processor.submit(this.commands.publishMessage(request.name, String(request.correlationKey ?? ''), assertVariables(request.variables), ttl, request.messageId || undefined));
  }

  async broadcastSignal(request: { signalName: string; variables?: Variables }): Promise<{ signalKey: string }> {
    this.guard();
    if (!request.signalName) throw new EngineRejection('INVALID_ARGUMENT', 'signalName is required');
    return this.processor.submit(this.commands.broadcastSignal(request.signalName, assertVariables(request.variables)));
  }

  async cancelProcessInstance(processInstanceKey: string): Promise<void> {
    this.guard();
    await this.processor.submit(this.commands.cancelInstance(parseKey(processInstanceKey, 'processInstanceKey')));
  }

  async setVariables(request: SetVariablesRequest): Promise<void> {
    this.guard();
    const key = parseKey(request.elementInstanceKey, 'elementInstanceKey');
    await this.processor.submit(this.commands.setVariables(key, assertVariables(request.variables), request.local ?? false));
  }

  async updateJobRetries(jobKey: string, retries: number): Promise<void> {
    this.guard();
    await this.processor.submit(this.commands.updateJobRetries(parseKey(jobKey, 'jobKey'), retries));
  }

  async resolveIncident(incidentKey: string): Promise<void> {
    this.guard();
    await this.processor.submit(this.commands.resolveIncident(parseKey(incidentKey, 'incidentKey')));
  }

  async completeJob(jobKey: string, variables?: Variables): Promise<void> {
    this.guard();
    await this.processor.submit(this.commands.completeJob(parseKey(jobKey, 'jobKey'), assertVariables(variables)));
  }

  async failJob(jobKey: string, errorMessage: string, retries: number, retryBackOff = 0): Promise<void> {
    this.guard();
    await this.processor.submit(this.commands.failJob(parseKey(jobKey, 'jobKey'), errorMessage, retries, retryBackOff));
  }

  async throwError(jobKey: string, errorCode: string, errorMessage = '', variables?: Variables): Promise<void> {
    this.guard();
    if (!errorCode) throw new EngineRejection('INVALID_ARGUMENT', 'errorCode is required');
    await this.processor.submit(this.commands.throwError(parseKey(jobKey, 'jobKey'), errorCode, errorMessage, assertVariables(variables)));
  }

  createWorker<V extends Variables = Variables>(config: JobWorkerConfig<V>): JobWorker {
    this.guard();
    return this.dispatcher.register(config);
  }

  onEvent(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `position` from the durable log (resume a read model after a restart). */
  readEvents(afterPosition = 0, limit = 1_000, processInstanceKey?: string): Promise<EngineEvent[]> {
    return this.repository.readEvents(this.options.database.db, afterPosition, limit, processInstanceKey ? parseKey(processInstanceKey, 'processInstanceKey') : undefined);
  }

  async getProcessInstance(processInstanceKey: string): Promise<ProcessInstanceView | undefined> {
    const record = await this.repository.loadInstance(this.options.database.db, parseKey(processInstanceKey, 'processInstanceKey'));
    if (!record) return undefined;
    return {
      processInstanceKey: String(record.key),
      processDefinitionKey: String(record.processDefinitionKey),
      bpmnProcessId: record.bpmnProcessId,
      version: record.version,
      state: record.state,
      variables: record.runtime.variables[record.key] ?? {},
      elementInstances: Object.values(record.runtime.elements)
        .filter((e) => e.key !== record.key)
        .map((e) => ({ key: String(e.key), elementId: e.elementId, state: e.state, incidentKey: e.incidentKey ? String(e.incidentKey) : undefined })),
      createdAt: record.createdAt,
      endedAt: record.endedAt,
    };
  }

  async listIncidents(filter: { processInstanceKey?: string; state?: 'ACTIVE' | 'RESOLVED' } = {}): Promise<Incident[]> {
    const rows = await this.repository.listIncidents(this.options.database.db, {
      processInstanceKey: filter.processInstanceKey ? parseKey(filter.processInstanceKey, 'processInstanceKey') : undefined,
      state: filter.state,
    });
    return rows.map(toIncident);
  }

  /** Resolves once no timer check is running and every command submitted so far is committed. */
  async idle(): Promise<void> {
    await this.scheduler.idle();
    await this.processor.idle();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.messageSweep) clearInterval(this.messageSweep);
    this.scheduler.stop();
    await this.dispatcher.close();
    await this.processor.idle();
    await this.releaseClaim?.();
  }
}

function toIncident(row: IncidentRow): Incident {
  return {
    key: String(row.key),
    state: row.state,
    errorType: row.errorType,
    errorMessage: row.errorMessage,
    processInstanceKey: String(row.processInstanceKey),
    elementInstanceKey: String(row.elementInstanceKey),
    elementId: row.elementId,
    bpmnProcessId: row.bpmnProcessId,
    jobKey: row.jobKey ? String(row.jobKey) : undefined,
    createdAt: row.createdAt,
  };
}
