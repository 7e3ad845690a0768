import { Zeebe } from '@camunda8/sdk';
import pino, { type Logger } from 'pino';
import {
  EngineRejection,
  type CreateProcessInstanceRequest,
  type Deployment,
  type Engine,
  type EngineEventListener,
  type Job,
  type JobOutcome,
  type JobWorker,
  type JobWorkerConfig,
  type ProcessInstanceCreated,
  type PublishMessageRequest,
  type Resource,
  type SetVariablesRequest,
  type Variables,
} from '../port';
import { toDeployment, toSdkResource } from './deployment';
import { ElementNames, type DefinitionXmlLookup } from './element-names';
import { rejecting } from './errors';
import { ZeebeEventStream } from './events';
import type { ObservationRepository } from './observation.repository';
import { ZeebeObserver } from './observer';
import { contextOf, toPortJob, USER_TASK_JOB_TYPE, type ActivatedJobContext, type SdkActivatedJob } from './jobs';

type ZeebeGrpcClient = InstanceType<typeof Zeebe.ZeebeGrpcClient>;
/** The SDK's own configuration object (`ZEEBE_GRPC_ADDRESS`, `CAMUNDA_AUTH_STRATEGY`, `zeebeGrpcSettings`...). */
export type ZeebeClientConfig = NonNullable<NonNullable<ConstructorParameters<typeof Zeebe.ZeebeGrpcClient>[0]>['config']>;
type SdkVariables = Parameters<ZeebeGrpcClient['createProcessInstance']>[0]['variables'];
type SdkDocument = Parameters<ZeebeGrpcClient['completeJob']>[0]['variables'];

export interface ZeebeEngineOptions {
  /**
   * Passed to the SDK as its configuration (config.ts parses the environment into it). The SDK
   * still merges its own reading of the environment underneath; values given here win.
   */
  client: ZeebeClientConfig;
  logger?: Logger;
  /**
   * The XML of a definition this adapter did not deploy itself since it started (main.ts: the
   * catalogue of definitions deployed through the app, `definitionXmlFrom(db)`), for element names.
   */
  definitionXml?: DefinitionXmlLookup;
  /** Where to record what the app observes (instances, jobs, incidents: `observer.ts`); nothing is recorded without it. */
  observations?: ObservationRepository;
}

export interface UserTaskBridgeOptions {
  /** Activation timeout in ms: a bridged task is announced again after it (default 24 h). */
  timeout?: number;
  /** Most open user-task jobs held at once (default 1000). */
  maxJobsToActivate?: number;
}

const DEFAULT_JOB_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_USER_TASK_TIMEOUT_MS = 24 * 60 * 60_000;

/** Defaults the adapter needs whatever the caller passes: SDK logging off, one gateway address. */
function clientConfig(config: ZeebeClientConfig): ZeebeClientConfig {
  // SDK 8.5 prefers ZEEBE_ADDRESS, which defaults to localhost:26500, over ZEEBE_GRPC_ADDRESS
  // (camunda-8-js-sdk#245), so the gRPC address is given as both.
  const address = config.ZEEBE_GRPC_ADDRESS ?? config.ZEEBE_ADDRESS;
  return {
    ...config,
    ...(address ? { ZEEBE_ADDRESS: address, ZEEBE_GRPC_ADDRESS: address } : {}),
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ...config.zeebeGrpcSettings },
  };
}

/**
 * The engine port on a Zeebe 8.5 cluster through @camunda8/sdk's gRPC client. Keys stay the
 * broker's decimal strings. Which events `onEvent` can report is listed in `events.ts`.
 */
export class ZeebeEngine implements Engine {
  readonly client: ZeebeGrpcClient;
  private readonly logger: Logger;
  private readonly events: ZeebeEventStream;
  /** Jobs activated by this process and not yet finished, for the context of their events. */
  private readonly activated = new Map<string, ActivatedJobContext>();
  /** Element names of the deployed diagrams (a job carries only the element id). */
  private readonly names: ElementNames;
  private readonly observer: ZeebeObserver | undefined;
  private closed = false;

  constructor(options: ZeebeEngineOptions) {
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.events = new ZeebeEventStream(this.logger);
    this.names = new ElementNames(this.logger, options.definitionXml);
    // subscribed before any worker or the user-task bridge can emit
    this.observer = options.observations ? new ZeebeObserver(options.observations, this.logger) : undefined;
    this.observer?.start(this);
    this.client = new Zeebe.ZeebeGrpcClient({ config: clientConfig(options.client) });
  }

  private guard(): void {
    if (this.closed) throw new EngineRejection('INVALID_STATE', 'the engine is closed');
  }

  async deployResources(resources: Resource[]): Promise<Deployment> {
    this.guard();
    if (!resources.length) throw new EngineRejection('INVALID_ARGUMENT', 'at least one resource is required');
    const response = await rejecting(() => this.client.deployResources(resources.map(toSdkResource)));
    const deployment = toDeployment(response);
    for (const process of deployment.processes) {
      const resource = resources.find((r) => r.name === process.resourceName);
      if (resource) this.names.remember(process.processDefinitionKey, resource.content);
    }
    this.events.emit({ type: 'deployment.created', payload: { deploymentKey: deployment.key, processes: deployment.processes, decisions: deployment.decisions } });
    return deployment;
  }

  async createProcessInstance(request: CreateProcessInstanceRequest): Promise<ProcessInstanceCreated> {
    this.guard();
    if (!request.bpmnProcessId) throw new EngineRejection('INVALID_ARGUMENT', 'bpmnProcessId is required');
    const response = await rejecting(() =>
      this.client.createProcessInstance({ bpmnProcessId: request.bpmnProcessId, version: request.version, variables: (request.variables ?? {}) as SdkVariables }),
    );
    const created: ProcessInstanceCreated = {
      processInstanceKey: String(response.processInstanceKey),
      processDefinitionKey: String(response.processDefinitionKey),
      bpmnProcessId: response.bpmnProcessId,
      version: Number(response.version),
    };
    this.events.emit({
      type: 'processInstance.created',
      processInstanceKey: created.processInstanceKey,
      elementInstanceKey: created.processInstanceKey,
      elementId: created.bpmnProcessId,
      bpmnProcessId: created.bpmnProcessId,
      payload: { version: created.version, processDefinitionKey: created.processDefinitionKey, variables: request.variables ?? {} },
    });
    return created;
  }

  async publishMessage(request: PublishMessageRequest): Promise<{ messageKey: string }> {
    this.guard();
    if (!request.name) throw new EngineRejection('INVALID_ARGUMENT', 'message name is required');
    const timeToLive = request.timeToLive ?? 0;
    if (!Number.isFinite(timeToLive) || timeToLive < 0) throw new EngineRejection('INVALID_ARGUMENT', `timeToLive must be a non-negative number of ms, got ${timeToLive}`);
    const response = await rejecting(() =>
      this.client.publishMessage({
        name: request.name,
        correlationKey: String(request.correlationKey ?? ''),
        variables: (request.variables ?? {}) as SdkDocument,
        timeToLive,
        messageId: request.messageId || undefined,
      }),
    );
    const messageKey = String(response.key);
    this.events.emit({ type: 'message.published', payload: { messageKey, name: request.name, correlationKey: request.correlationKey, timeToLive, messageId: request.messageId } });
    return { messageKey };
  }

  async broadcastSignal(request: { signalName: string; variables?: Variables }): Promise<{ signalKey: string }> {
    this.guard();
    if (!request.signalName) throw new EngineRejection('INVALID_ARGUMENT', 'signalName is required');
    const response = await rejecting(() => this.client.broadcastSignal({ signalName: request.signalName, variables: (request.variables ?? {}) as SdkVariables }));
    const signalKey = String(response.key);
    this.events.emit({ type: 'signal.broadcast', payload: { signalKey, name: request.signalName } });
    return { signalKey };
  }

  async cancelProcessInstance(processInstanceKey: string): Promise<void> {
    this.guard();
    await rejecting(() => this.client.cancelProcessInstance(processInstanceKey));
    this.events.emit({ type: 'processInstance.terminated', processInstanceKey, elementInstanceKey: processInstanceKey, payload: {} });
  }

  async setVariables(request: SetVariablesRequest): Promise<void> {
    this.guard();
    const local = request.local ?? false;
    await rejecting(() => this.client.setVariables({ elementInstanceKey: request.elementInstanceKey, variables: request.variables as SdkVariables, local }));
    this.events.emit({
      type: 'variables.updated',
      elementInstanceKey: request.elementInstanceKey,
      payload: { scopeKey: request.elementInstanceKey, names: Object.keys(request.variables), local },
    });
  }

  async updateJobRetries(jobKey: string, retries: number): Promise<void> {
    this.guard();
    await rejecting(() => this.client.updateJobRetries({ jobKey, retries }));
  }

  async resolveIncident(incidentKey: string): Promise<void> {
    this.guard();
    await rejecting(() => this.client.resolveIncident({ incidentKey }));
    this.events.emit({ type: 'incident.resolved', payload: { incidentKey } });
  }

  async completeJob(jobKey: string, variables: Variables = {}): Promise<void> {
    this.guard();
    const context = this.activated.get(jobKey);
    try {
      await rejecting(() => this.client.completeJob({ jobKey, variables: variables as SdkDocument }));
    } catch (error) {
      if (context?.userTask && error instanceof EngineRejection && error.code === 'NOT_FOUND') {
        this.activated.delete(jobKey);
        this.emitForJob('userTask.canceled', jobKey, context, {});
      }
      throw error;
    }
    this.activated.delete(jobKey);
    this.emitForJob('job.completed', jobKey, context, { type: context?.type, variables });
    if (context?.userTask) this.emitForJob('userTask.completed', jobKey, context, { variables });
  }

  failJob(jobKey: string, errorMessage: string, retries: number, retryBackOff = 0): Promise<void> {
    return this.fail(jobKey, errorMessage, retries, retryBackOff);
  }

  async throwError(jobKey: string, errorCode: string, errorMessage = '', variables: Variables = {}): Promise<void> {
    this.guard();
    if (!errorCode) throw new EngineRejection('INVALID_ARGUMENT', 'errorCode is required');
    await rejecting(() => this.client.throwError({ jobKey, errorCode, errorMessage, variables: variables as SdkVariables }));
    const context = this.activated.get(jobKey);
    this.activated.delete(jobKey);
    this.emitForJob('job.errorThrown', jobKey, context, { type: context?.type, errorCode, errorMessage });
  }

  /** Fails a job, with the variables a worker's fail outcome may carry (set on the task's scope). */
  private async fail(jobKey: string, errorMessage: string, retries: number, retryBackOff: number, variables?: Variables): Promise<void> {
    this.guard();
    if (!Number.isInteger(retries) || retries < 0) throw new EngineRejection('INVALID_ARGUMENT', `retries must be a non-negative integer, got ${retries}`);
    // FailJobRequest.variables exists in the 8.5 protocol; the SDK passes it through untyped.
    const request = { jobKey, errorMessage, retries, retryBackOff, ...(variables && Object.keys(variables).length ? { variables: JSON.stringify(variables) } : {}) };
    await rejecting(() => this.client.failJob(request));
    const context = this.activated.get(jobKey);
    this.activated.delete(jobKey);
    this.emitForJob('job.failed', jobKey, context, { type: context?.type, retries, errorMessage });
    if (retries === 0) this.emitForJob('incident.created', jobKey, context, { errorType: 'JOB_NO_RETRIES', errorMessage, elementName: context?.elementName });
  }

  /**
   * Starts an SDK job worker. The handler's outcome is sent with this engine's own commands (so a
   * rejected completion is seen and reported), then the job is released from the SDK worker's
   * capacity with `forward()`: the SDK's `job.complete` and `job.error` swallow rejections.
   */
  createWorker<V extends Variables = Variables>(config: JobWorkerConfig<V>): JobWorker {
    this.guard();
    const worker = this.client.createWorker({
      taskType: config.taskType,
      id: config.worker,
      maxJobsToActivate: config.maxJobsToActivate ?? 32,
      timeout: config.timeout ?? DEFAULT_JOB_TIMEOUT_MS,
      fetchVariable: config.fetchVariable,
      taskHandler: async (sdkJob) => {
        await this.handle(sdkJob, config);
        return sdkJob.forward();
      },
    });
    return { taskType: config.taskType, close: () => worker.close().then(() => undefined) };
  }

  /**
   * Bridges job-worker user tasks (`io.camunda.zeebe:userTask`) into `userTask.created` events:
   * the jobs are activated with a long timeout and left open until the inbox completes them through
   * `completeJob`. Each re-activation after the timeout announces the task again (upsert by job key).
   */
  bridgeUserTasks(options: UserTaskBridgeOptions = {}): JobWorker {
    this.guard();
    const worker = this.client.createWorker({
      taskType: USER_TASK_JOB_TYPE,
      id: 'user-task-bridge',
      maxJobsToActivate: options.maxJobsToActivate ?? 1000,
      timeout: options.timeout ?? DEFAULT_USER_TASK_TIMEOUT_MS,
      taskHandler: async (sdkJob) => {
        const job = toPortJob(sdkJob as SdkActivatedJob);
        const context = await this.activate(job);
        this.emitForJob('userTask.created', job.key, context, {
          name: context.elementName ?? job.elementId,
          processDefinitionKey: job.processDefinitionKey,
          customHeaders: job.customHeaders,
          variables: job.variables,
          deadline: job.deadline,
        });
        return sdkJob.forward();
      },
    });
    return { taskType: USER_TASK_JOB_TYPE, close: () => worker.close().then(() => undefined) };
  }

  private async handle<V extends Variables>(sdkJob: SdkActivatedJob, config: JobWorkerConfig<V>): Promise<void> {
    const job = toPortJob<V>(sdkJob);
    await this.activate(job);
    let outcome: JobOutcome;
    try {
      outcome = await config.handler(job);
    } catch (error) {
      outcome = { outcome: 'fail', errorMessage: (error as Error)?.message ?? String(error), retries: Math.max(job.retries - 1, 0) };
    }
    try {
      if (outcome.outcome === 'complete') await this.completeJob(job.key, outcome.variables ?? {});
      else if (outcome.outcome === 'fail') await this.fail(job.key, outcome.errorMessage, outcome.retries ?? Math.max(job.retries - 1, 0), outcome.retryBackOff ?? 0, outcome.variables);
      else await this.throwError(job.key, outcome.errorCode, outcome.errorMessage ?? '', outcome.variables ?? {});
    } catch (error) {
      this.activated.delete(job.key);
      this.logger.warn({ err: error, jobKey: job.key, type: job.type }, 'job outcome was not accepted');
    }
  }

  /** Remembers an activated job with its element's name, for the events it will cause. */
  private async activate(job: Job): Promise<ActivatedJobContext> {
    const context = contextOf(job, await this.names.nameOf(job.processDefinitionKey, job.elementId));
    this.activated.set(job.key, context);
    return context;
  }

  private emitForJob(type: Parameters<ZeebeEventStream['emit']>[0]['type'], jobKey: string, context: ActivatedJobContext | undefined, payload: Record<string, unknown>): void {
    this.events.emit({
      type,
      processInstanceKey: context?.processInstanceKey,
      elementInstanceKey: context?.elementInstanceKey,
      elementId: context?.elementId,
      bpmnProcessId: context?.bpmnProcessId,
      payload: context ? { jobKey, processDefinitionKey: context.processDefinitionKey, processDefinitionVersion: context.processDefinitionVersion, ...payload } : { jobKey, ...payload },
    });
  }

  onEvent(listener: EngineEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /** Resolves when everything observed so far is recorded (at once without `observations`). */
  observed(): Promise<void> {
    return this.observer?.idle() ?? Promise.resolve();
  }

  /** Stops the workers (after their current jobs), closes the gRPC channels, then records what is still queued. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
    await this.observer?.stop();
  }
}

export { definitionXmlFrom, type DefinitionXmlLookup } from './element-names';
export { ObservationRepository } from './observation.repository';
