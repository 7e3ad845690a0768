import type { TimerKind } from './timer-schedule';

/**
 * The executable form of a BPMN process: what the engine needs of each element, read once from
 * the moddle tree at deploy (and again when a definition is first used after a restart).
 */

export interface Mapping {
  source: string;
  target: string;
}

export interface FlowModel {
  id: string;
  sourceId: string;
  targetId: string;
  condition?: string;
}

export type EventKind = 'none' | 'timer' | 'message' | 'error' | 'terminate';

export interface ElementModel {
  id: string;
  type: string;
  name?: string;
  /** Id of the enclosing scope (the process id). */
  scopeId: string;
  incoming: string[];
  outgoing: FlowModel[];
  defaultFlowId?: string;
  inputs: Mapping[];
  outputs: Mapping[];
  /** Job-based elements: type and retries as written (static or `=` FEEL). */
  job?: { type: string; retries: string };
  headers: Record<string, string>;
  userTask?: { assignee?: string; candidateGroups?: string; candidateUsers?: string; dueDate?: string; followUpDate?: string; formKey?: string; formId?: string };
  script?: { expression: string; resultVariable: string };
  eventKind?: EventKind;
  timer?: { kind: TimerKind; expression: string };
  message?: { name: string; correlationKey: string };
  /** Error end events throw this code; error boundary events catch it (undefined = catch all). */
  errorCode?: string;
  attachedToId?: string;
  cancelActivity: boolean;
  boundaryIds: string[];
}

export interface ProcessModel {
  bpmnProcessId: string;
  name?: string;
  elements: Map<string, ElementModel>;
  flows: Map<string, FlowModel>;
  noneStartId: string;
}

export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

type Moddle = { $type: string; [key: string]: any };

function extension(element: Moddle, type: string): Moddle | undefined {
  return element.extensionElements?.values?.find((v: Moddle) => v.$type === type);
}

function eventDefinition(element: Moddle): Moddle | undefined {
  return element.eventDefinitions?.[0];
}

function timerOf(definition: Moddle): ElementModel['timer'] {
  const pick = (kind: TimerKind, value: Moddle | undefined) => (value?.body !== undefined ? { kind, expression: String(value.body).trim() } : undefined);
  return pick('duration', definition.timeDuration) ?? pick('date', definition.timeDate) ?? pick('cycle', definition.timeCycle);
}

function compileElement(element: Moddle, scopeId: string): ElementModel {
  const model: ElementModel = {
    id: element.id,
    type: element.$type,
    name: element.name,
    scopeId,
    incoming: (element.incoming ?? []).map((f: Moddle) => f.id),
    outgoing: [],
    defaultFlowId: element.default?.id,
    inputs: [],
    outputs: [],
    headers: {},
    cancelActivity: element.cancelActivity !== false,
    boundaryIds: [],
  };
  const io = extension(element, 'zeebe:IoMapping');
  model.inputs = (io?.inputParameters ?? []).map((p: Moddle) => ({ source: p.source ?? '', target: p.target }));
  model.outputs = (io?.outputParameters ?? []).map((p: Moddle) => ({ source: p.source ?? '', target: p.target }));
  for (const header of extension(element, 'zeebe:TaskHeaders')?.values ?? []) model.headers[header.key] = header.value ?? '';

  const taskDefinition = extension(element, 'zeebe:TaskDefinition');
  if (taskDefinition) model.job = { type: taskDefinition.type ?? '', retries: taskDefinition.retries ?? '3' };
  if (element.$type === 'bpmn:UserTask') {
    const assignment = extension(element, 'zeebe:AssignmentDefinition');
    const schedule = extension(element, 'zeebe:TaskSchedule');
    const form = extension(element, 'zeebe:FormDefinition');
    model.userTask = {
      assignee: assignment?.assignee,
      candidateGroups: assignment?.candidateGroups,
      candidateUsers: assignment?.candidateUsers,
      dueDate: schedule?.dueDate,
      followUpDate: schedule?.followUpDate,
      formKey: form?.formKey,
      formId: form?.formId,
    };
    model.job = { type: USER_TASK_JOB_TYPE, retries: '1' };
  }
  const script = extension(element, 'zeebe:Script');
  if (element.$type === 'bpmn:ScriptTask' && script) model.script = { expression: script.expression ?? '', resultVariable: script.resultVariable ?? '' };

  const definition = eventDefinition(element);
  if (element.$type.endsWith('Event')) {
    model.eventKind = 'none';
    if (definition?.$type === 'bpmn:TimerEventDefinition') {
      model.eventKind = 'timer';
      model.timer = timerOf(definition);
    } else if (definition?.$type === 'bpmn:MessageEventDefinition') {
      model.eventKind = 'message';
    } else if (definition?.$type === 'bpmn:ErrorEventDefinition') {
      model.eventKind = 'error';
      model.errorCode = definition.errorRef?.errorCode || undefined;
    } else if (definition?.$type === 'bpmn:TerminateEventDefinition') {
      model.eventKind = 'terminate';
    }
  }
  const message: Moddle | undefined = element.$type === 'bpmn:ReceiveTask' ? element.messageRef : definition?.messageRef;
  if (message && (element.$type === 'bpmn:ReceiveTask' || model.eventKind === 'message')) {
    model.message = { name: message.name ?? '', correlationKey: extension(message, 'zeebe:Subscription')?.correlationKey ?? '' };
  }
  if (element.$type === 'bpmn:BoundaryEvent') model.attachedToId = element.attachedToRef?.id;
  return model;
}

/** Compiles one executable `bpmn:Process` of a moddle tree. */
export function compileProcess(process: Moddle): ProcessModel {
  const elements = new Map<string, ElementModel>();
  const flows = new Map<string, FlowModel>();
  for (const flowElement of process.flowElements ?? []) {
    if (flowElement.$type === 'bpmn:SequenceFlow') {
      const body = flowElement.conditionExpression?.body;
      flows.set(flowElement.id, {
        id: flowElement.id,
        sourceId: flowElement.sourceRef.id,
        targetId: flowElement.targetRef.id,
        condition: typeof body === 'string' && body.trim() ? body.trim() : undefined,
      });
    } else {
      elements.set(flowElement.id, compileElement(flowElement, process.id));
    }
  }
  // outgoing in document order of the source's outgoing list, so exclusive gateways test conditions in the modeled order
  for (const flowElement of process.flowElements ?? []) {
    const element = elements.get(flowElement.id);
    if (!element) continue;
    element.outgoing = (flowElement.outgoing ?? []).map((f: Moddle) => flows.get(f.id)).filter((f: FlowModel | undefined): f is FlowModel => !!f);
  }
  for (const element of elements.values()) {
    if (element.attachedToId) elements.get(element.attachedToId)?.boundaryIds.push(element.id);
  }
  const noneStart = [...elements.values()].find((e) => e.type === 'bpmn:StartEvent' && e.eventKind === 'none');
  return { bpmnProcessId: process.id, name: process.name, elements, flows, noneStartId: noneStart?.id ?? '' };
}

/** Every executable process of a deployed BPMN resource. */
export function executableProcesses(definitions: Moddle): Moddle[] {
  return (definitions.rootElements ?? []).filter((r: Moddle) => r.$type === 'bpmn:Process' && r.isExecutable !== false);
}
