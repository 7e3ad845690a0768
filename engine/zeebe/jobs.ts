import type { Job, Variables } from '../port';

/** What the adapter remembers about a job it activated, to give later events their context. */
export interface ActivatedJobContext {
  type: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  /** The element's name from the deployed diagram, when known. */
  elementName?: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number;
  userTask: boolean;
}

/** The fields of a job as the SDK's worker hands it over (variables and headers already parsed). */
export interface SdkActivatedJob {
  readonly key: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly bpmnProcessId: string;
  readonly processDefinitionVersion: number;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly customHeaders: Readonly<object>;
  readonly retries: number;
  readonly deadline: string;
  readonly variables: Readonly<object>;
}

export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

/** Converts the SDK's job to the port's: keys stay decimal strings, the deadline becomes epoch ms. */
export function toPortJob<V extends Variables>(job: SdkActivatedJob): Job<V> {
  // ActivatedJob carries processDefinitionKey on the wire; the SDK 8.5 type just does not declare it.
  const processDefinitionKey = (job as { processDefinitionKey?: unknown }).processDefinitionKey;
  return {
    key: String(job.key),
    type: job.type,
    processInstanceKey: String(job.processInstanceKey),
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: Number(job.processDefinitionVersion),
    processDefinitionKey: processDefinitionKey === undefined ? '' : String(processDefinitionKey),
    elementId: job.elementId,
    elementInstanceKey: String(job.elementInstanceKey),
    customHeaders: Object.fromEntries(Object.entries(job.customHeaders).map(([name, value]) => [name, String(value)])),
    retries: Number(job.retries),
    deadline: Number(job.deadline),
    variables: { ...job.variables } as V,
  };
}

export function contextOf(job: Job, elementName?: string): ActivatedJobContext {
  return {
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    elementInstanceKey: job.elementInstanceKey,
    elementId: job.elementId,
    elementName,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionKey: job.processDefinitionKey,
    processDefinitionVersion: job.processDefinitionVersion,
    userTask: job.type === USER_TASK_JOB_TYPE,
  };
}
