/**
 * The engine port: the narrow interface the product uses to run BPMN, in Zeebe's own terms.
 * Two adapters implement it: the embedded engine (`engine/embedded`, on our database) and Zeebe
 * (`engine/zeebe`, via @camunda8/sdk). Keys are Zeebe's 64-bit keys, carried as decimal strings.
 */

export type Variables = Record<string, unknown>;

export interface Resource {
  /** File name, e.g. `research-deliberation.bpmn` or `consultation-route.dmn`. */
  name: string;
  content: string;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
}

export interface DeployedDecision {
  decisionId: string;
  version: number;
  decisionKey: string;
  decisionRequirementsId: string;
  resourceName: string;
}

export interface Deployment {
  key: string;
  processes: DeployedProcess[];
  decisions: DeployedDecision[];
}

export interface CreateProcessInstanceRequest {
  bpmnProcessId: string;
  /** Omit for the latest version. */
  version?: number;
  variables?: Variables;
}

export interface ProcessInstanceCreated {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
}

export interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  variables?: Variables;
  /** Milliseconds the message stays buffered for subscriptions opened later; 0 = correlate now or never. */
  timeToLive?: number;
  /** Optional id: a second message with the same name, correlation key and id is rejected while the first is buffered. */
  messageId?: string;
}

export interface SetVariablesRequest {
  /** A process instance key or an element instance key (the scope). */
  elementInstanceKey: string;
  variables: Variables;
  /** true: set on that scope only; false (default): propagate as Zeebe does. */
  local?: boolean;
}

/** An activated job as a worker receives it. */
export interface Job<V extends Variables = Variables> {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  /** Remaining retries. */
  retries: number;
  /** Epoch ms after which an unfinished activation expires and the job can be activated again. */
  deadline: number;
  variables: V;
}

/** The three ways a job ends (see style.md: bad input, temporary failure, business outcome). */
export type JobOutcome =
  | { outcome: 'complete'; variables?: Variables }
  | { outcome: 'fail'; errorMessage: string; retries?: number; retryBackOff?: number; variables?: Variables }
  | { outcome: 'error'; errorCode: string; errorMessage?: string; variables?: Variables };

/** Builders so that a handler ends with an explicit outcome: `return done.complete({...})`. */
export const done = {
  complete: (variables?: Variables): JobOutcome => ({ outcome: 'complete', variables }),
  /** Fails the job; `retries` defaults to one fewer than the job had, `retryBackOff` is in ms. */
  fail: (errorMessage: string, options: { retries?: number; retryBackOff?: number } = {}): JobOutcome => ({
    outcome: 'fail',
    errorMessage,
    ...options,
  }),
  error: (errorCode: string, errorMessage?: string, variables?: Variables): JobOutcome => ({
    outcome: 'error',
    errorCode,
    errorMessage,
    variables,
  }),
};

export type JobHandler<V extends Variables = Variables> = (job: Job<V>) => Promise<JobOutcome> | JobOutcome;

export interface JobWorkerConfig<V extends Variables = Variables> {
  taskType: string;
  handler: JobHandler<V>;
  /** Most jobs handled at once by this worker (default 32). */
  maxJobsToActivate?: number;
  /** Activation timeout in ms: an unfinished job is handed out again after it (default 5 min). */
  timeout?: number;
  /** Variable names to fetch; all visible variables when omitted. */
  fetchVariable?: string[];
  /** Worker name for logs and events. */
  worker?: string;
}

export interface JobWorker {
  readonly taskType: string;
  close(): Promise<void>;
}

/** Engine events, the stream the read model (task inbox, supervision, history) is built from. */
export type EngineEventType =
  | 'deployment.created'
  | 'processInstance.created'
  | 'processInstance.completed'
  | 'processInstance.terminated'
  | 'element.activated'
  | 'element.completed'
  | 'element.terminated'
  | 'job.created'
  | 'job.completed'
  | 'job.failed'
  | 'job.errorThrown'
  | 'job.canceled'
  | 'userTask.created'
  | 'userTask.completed'
  | 'userTask.canceled'
  | 'incident.created'
  | 'incident.resolved'
  | 'message.published'
  | 'message.correlated'
  | 'message.expired'
  | 'timer.triggered'
  | 'signal.broadcast'
  | 'decision.evaluated'
  | 'variables.updated';

export interface EngineEvent {
  /** Monotonic position in the engine's log; resume reading after the last one you handled. */
  position: number;
  type: EngineEventType;
  timestamp: number;
  processInstanceKey?: string;
  elementInstanceKey?: string;
  elementId?: string;
  bpmnProcessId?: string;
  payload: Record<string, unknown>;
}

export type EngineEventListener = (event: EngineEvent) => void;

export interface Incident {
  key: string;
  state: 'ACTIVE' | 'RESOLVED';
  errorType: string;
  errorMessage: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  bpmnProcessId: string;
  jobKey?: string;
  createdAt: number;
}

/** The engine port. Every method resolves only after the change is durable. */
export interface Engine {
  deployResources(resources: Resource[]): Promise<Deployment>;
  createProcessInstance(request: CreateProcessInstanceRequest): Promise<ProcessInstanceCreated>;
  publishMessage(request: PublishMessageRequest): Promise<{ messageKey: string }>;
  /** Broadcasts a signal to every signal catch event, boundary, event sub-process and start event waiting for it. */
  broadcastSignal(request: { signalName: string; variables?: Variables }): Promise<{ signalKey: string }>;
  cancelProcessInstance(processInstanceKey: string): Promise<void>;
  setVariables(request: SetVariablesRequest): Promise<void>;
  updateJobRetries(jobKey: string, retries: number): Promise<void>;
  resolveIncident(incidentKey: string): Promise<void>;
  completeJob(jobKey: string, variables?: Variables): Promise<void>;
  failJob(jobKey: string, errorMessage: string, retries: number, retryBackOff?: number): Promise<void>;
  throwError(jobKey: string, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
  createWorker<V extends Variables = Variables>(config: JobWorkerConfig<V>): JobWorker;
  /** Live events after they are committed; returns an unsubscribe function. */
  onEvent(listener: EngineEventListener): () => void;
  close(): Promise<void>;
}

/** Errors the engine rejects a command with; mapped to HTTP or worker outcomes only at the edges. */
export class EngineRejection extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'INVALID_ARGUMENT' | 'INVALID_STATE' | 'ALREADY_EXISTS',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'EngineRejection';
  }
}
