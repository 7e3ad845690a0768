import type { Variables } from '../port';

/** What a waiting or failed element instance is doing; resolving an incident retries the step. */
export type IncidentRetry = 'activate' | 'job' | 'complete' | 'gateway' | 'throw';

export interface ElementInstance {
  key: number;
  elementId: string;
  /** Key of the enclosing scope's element instance (the process instance key at the top). */
  scopeKey: number;
  state: 'ACTIVATING' | 'ACTIVE' | 'COMPLETING';
  /** Child element instances still active (scopes only). */
  children?: number;
  /** Sequence flows taken but not yet entered, incl. those waiting at a join (scopes only). */
  pendingFlows?: number;
  /** Bumped when a scope's children are terminated, so that steps scheduled before are dropped. */
  epoch?: number;
  jobKey?: number;
  /** Timers and subscriptions this instance owns, and the element each one triggers. */
  triggers?: Trigger[];
  /** Multi-instance: set on the body. */
  loop?: { total: number; completed: number; next: number; items?: unknown[] };
  /** Multi-instance: set on an inner instance (1-based, like Zeebe's loopCounter). */
  loopCounter?: number;
  /** Call activities: the child process instance. */
  childKey?: number;
  /** Scopes: completed activities with a compensation handler, oldest first. */
  compensable?: { elementId: string; handlerId: string }[];
  /** Compensation throw events: handlers still running. */
  compensating?: number;
  /** Compensation handlers: the throw event waiting for them. */
  compensationFor?: number;
  incidentKey?: number;
  incidentRetry?: IncidentRetry;
  /** An error thrown here that awaits a catch after an incident is resolved. */
  thrownError?: { errorCode: string; errorMessage: string };
}

export interface Trigger {
  key: number;
  kind: 'timer' | 'message' | 'signal';
  elementId: string;
}

/** The runtime state of one process instance, stored as one JSON document. */
export interface Runtime {
  elements: Record<string, ElementInstance>;
  variables: Record<string, Variables>;
  joins: Record<string, Record<string, number>>;
}

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface InstanceRecord {
  key: number;
  processDefinitionKey: number;
  bpmnProcessId: string;
  version: number;
  state: InstanceState;
  runtime: Runtime;
  createdAt: number;
  endedAt?: number;
  isNew: boolean;
  parent?: { processInstanceKey: number; elementInstanceKey: number };
  startCorrelationKey?: string;
}

/** Variables visible from a scope: its own over its ancestors', as FEEL sees them. */
export function visibleVariables(runtime: Runtime, scopeKey: number): Variables {
  const chain: number[] = [];
  for (let key: number | undefined = scopeKey; key; key = runtime.elements[key]?.scopeKey) chain.push(key);
  const result: Variables = {};
  for (let i = chain.length - 1; i >= 0; i--) Object.assign(result, runtime.variables[chain[i]!]);
  return result;
}

export function setLocalVariables(runtime: Runtime, scopeKey: number, variables: Variables): void {
  runtime.variables[scopeKey] = { ...runtime.variables[scopeKey], ...variables };
}

/**
 * Zeebe's propagation: each variable goes up from `scopeKey` to the first scope that already
 * has it and is updated there; if no scope has it, it is created on the process instance.
 */
export function propagateVariables(runtime: Runtime, scopeKey: number, variables: Variables, rootKey: number): void {
  for (const [name, value] of Object.entries(variables)) {
    let target = rootKey;
    for (let key: number | undefined = scopeKey; key; key = runtime.elements[key]?.scopeKey) {
      if (runtime.variables[key] && name in runtime.variables[key]!) {
        target = key;
        break;
      }
    }
    runtime.variables[target] = { ...runtime.variables[target], [name]: value };
  }
}

/** Sets `a.b.c` inside a copy of the current value of `a`, returning the new top-level entry. */
export function assignPath(current: Variables, target: string, value: unknown): [string, unknown] {
  const [head, ...rest] = target.split('.');
  if (rest.length === 0) return [head!, value];
  const existing = current[head!];
  const root: Record<string, unknown> = existing && typeof existing === 'object' && !Array.isArray(existing) ? structuredClone(existing as object) as Record<string, unknown> : {};
  let node = root;
  for (const part of rest.slice(0, -1)) {
    const next = node[part];
    node[part] = next && typeof next === 'object' && !Array.isArray(next) ? next : {};
    node = node[part] as Record<string, unknown>;
  }
  node[rest[rest.length - 1]!] = value;
  return [head!, root];
}
