import type { TimerKind } from './timer-schedule';

/**
 * The executable form of a BPMN process: what the engine needs of each element, read once from
 * the moddle tree at deploy (and again when a definition is first used after a restart).
 * The process itself is an element too (type `bpmn:Process`), the root scope.
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

export type EventKind = 'none' | 'timer' | 'message' | 'error' | 'terminate' | 'signal' | 'escalation' | 'link' | 'compensation';

export interface MultiInstanceModel {
  sequential: boolean;
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: string;
}

export interface CallModel {
  /** Static process id or `=` FEEL expression. */
  processId: string;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
}

export interface ElementModel {
  id: string;
  type: string;
  name?: string;
  /** Id of the enclosing scope (process or sub-process); '' for the process itself. */
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
  /** Business rule tasks calling a DMN decision (decision id static or `=` FEEL). */
  calledDecision?: { decisionId: string; resultVariable: string };
  eventKind?: EventKind;
  timer?: { kind: TimerKind; expression: string };
  message?: { name: string; correlationKey: string };
  signalName?: string;
  /** Error end events throw this code; error catch events catch it (undefined = catch all). */
  errorCode?: string;
  /** Escalation throw / catch code (undefined on a catch = catch all). */
  escalationCode?: string;
  /** Link events: the link name; a throw jumps to the catch of the same name in its scope. */
  linkName?: string;
  /** Compensation throw events: the activity to compensate (all completed ones in the scope when unset). */
  compensateActivityId?: string;
  /** Activities with a compensation boundary event: the handler (isForCompensation) it is associated with. */
  compensationHandlerId?: string;
  /** Compensation handlers never run in the normal flow. */
  isForCompensation?: boolean;
  attachedToId?: string;
  /** Boundary events: interrupting unless cancelActivity="false"; start events of event sub-processes: isInterrupting. */
  cancelActivity: boolean;
  boundaryIds: string[];
  multiInstance?: MultiInstanceModel;
  call?: CallModel;
  /** Scopes (process, sub-processes): the none start event and the event sub-processes directly inside. */
  noneStartId?: string;
  eventSubProcessIds: string[];
  /** Event sub-processes: their single start event. */
  triggeredByEvent?: boolean;
  startEventId?: string;
}

export interface ProcessModel {
  bpmnProcessId: string;
  name?: string;
  elements: Map<string, ElementModel>;
  flows: Map<string, FlowModel>;
  noneStartId: string;
  /** Timer, message and signal start events of the process itself (not of event sub-processes). */
  startEventIds: string[];
}

export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

type Moddle = { $type: string; [key: string]: any };

function extension(element: Moddle, type: string): Moddle | undefined {
  return element.extensionElements?.values?.find((v: Moddle) => v.$type === type);
}

function timerOf(definition: Moddle): ElementModel['timer'] {
  const pick = (kind: TimerKind, value: Moddle | undefined) => (value?.body !== undefined ? { kind, expression: String(value.body).trim() } : undefined);
  return pick('duration', definition.timeDuration) ?? pick('date', definition.timeDate) ?? pick('cycle', definition.timeCycle);
}

function readEventDefinition(element: Moddle, model: ElementModel): void {
  const definition: Moddle | undefined = element.eventDefinitions?.[0];
  model.eventKind = 'none';
  switch (definition?.$type) {
    case 'bpmn:TimerEventDefinition':
      model.eventKind = 'timer';
      model.timer = timerOf(definition);
      break;
    case 'bpmn:MessageEventDefinition':
      model.eventKind = 'message';
      if (definition.messageRef) {
        model.message = { name: definition.messageRef.name ?? '', correlationKey: extension(definition.messageRef, 'zeebe:Subscription')?.correlationKey ?? '' };
      }
      break;
    case 'bpmn:ErrorEventDefinition':
      model.eventKind = 'error';
      model.errorCode = definition.errorRef?.errorCode || undefined;
      break;
    case 'bpmn:TerminateEventDefinition':
      model.eventKind = 'terminate';
      break;
    case 'bpmn:SignalEventDefinition':
      model.eventKind = 'signal';
      model.signalName = definition.signalRef?.name ?? '';
      break;
    case 'bpmn:EscalationEventDefinition':
      model.eventKind = 'escalation';
      model.escalationCode = definition.escalationRef?.escalationCode || undefined;
      break;
    case 'bpmn:LinkEventDefinition':
      model.eventKind = 'link';
      model.linkName = definition.name ?? '';
      break;
    case 'bpmn:CompensateEventDefinition':
      model.eventKind = 'compensation';
      model.compensateActivityId = definition.activityRef?.id;
      break;
  }
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
    cancelActivity: element.$type === 'bpmn:StartEvent' ? element.isInterrupting !== false : element.cancelActivity !== false,
    boundaryIds: [],
    eventSubProcessIds: [],
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

  const calledDecision = extension(element, 'zeebe:CalledDecision');
  if (element.$type === 'bpmn:BusinessRuleTask' && calledDecision) {
    model.calledDecision = { decisionId: calledDecision.decisionId ?? '', resultVariable: calledDecision.resultVariable ?? '' };
  }
  if (element.$type.endsWith('Event')) readEventDefinition(element, model);
  if (element.$type === 'bpmn:ReceiveTask' && element.messageRef) {
    model.message = { name: element.messageRef.name ?? '', correlationKey: extension(element.messageRef, 'zeebe:Subscription')?.correlationKey ?? '' };
  }
  if (element.$type === 'bpmn:BoundaryEvent') model.attachedToId = element.attachedToRef?.id;

  const loop = element.loopCharacteristics;
  if (loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
    const zeebeLoop = extension(loop, 'zeebe:LoopCharacteristics');
    const condition = loop.completionCondition?.body;
    model.multiInstance = {
      sequential: loop.isSequential === true,
      inputCollection: zeebeLoop?.inputCollection ?? '',
      inputElement: zeebeLoop?.inputElement || undefined,
      outputCollection: zeebeLoop?.outputCollection || undefined,
      outputElement: zeebeLoop?.outputElement || undefined,
      completionCondition: typeof condition === 'string' && condition.trim() ? condition.trim() : undefined,
    };
  }
  if (element.$type === 'bpmn:CallActivity') {
    const called = extension(element, 'zeebe:CalledElement');
    model.call = {
      processId: called?.processId ?? '',
      propagateAllChildVariables: called?.propagateAllChildVariables !== false,
      propagateAllParentVariables: called?.propagateAllParentVariables !== false,
    };
  }
  if (element.$type === 'bpmn:SubProcess') model.triggeredByEvent = element.triggeredByEvent === true;
  if (element.isForCompensation === true) model.isForCompensation = true;
  return model;
}

/** Adds the flow elements of one scope (process or sub-process), recursing into sub-processes. */
function compileScope(container: Moddle, scope: ElementModel, elements: Map<string, ElementModel>, flows: Map<string, FlowModel>): void {
  const children = container.flowElements ?? [];
  for (const child of children) {
    if (child.$type === 'bpmn:SequenceFlow') {
      const body = child.conditionExpression?.body;
      flows.set(child.id, {
        id: child.id,
        sourceId: child.sourceRef.id,
        targetId: child.targetRef.id,
        condition: typeof body === 'string' && body.trim() ? body.trim() : undefined,
      });
      continue;
    }
    const model = compileElement(child, scope.id);
    elements.set(child.id, model);
    if (child.$type === 'bpmn:SubProcess') compileScope(child, model, elements, flows);
    if (model.triggeredByEvent) scope.eventSubProcessIds.push(model.id);
    if (child.$type === 'bpmn:StartEvent' && model.eventKind === 'none' && !scope.triggeredByEvent) scope.noneStartId = model.id;
    if (child.$type === 'bpmn:StartEvent' && scope.triggeredByEvent) scope.startEventId = model.id;
  }
  // a compensation boundary event points at its handler through an association
  for (const artifact of container.artifacts ?? []) {
    if (artifact.$type !== 'bpmn:Association') continue;
    const boundary = elements.get(artifact.sourceRef?.id);
    if (boundary?.eventKind === 'compensation' && boundary.attachedToId) {
      const activity = elements.get(boundary.attachedToId);
      if (activity) activity.compensationHandlerId = artifact.targetRef?.id;
    }
  }
  // outgoing in the order of the source's outgoing list, so exclusive gateways test conditions as modelled
  for (const child of children) {
    const element = elements.get(child.id);
    if (!element || child.$type === 'bpmn:SequenceFlow') continue;
    element.outgoing = (child.outgoing ?? []).map((f: Moddle) => flows.get(f.id)).filter((f: FlowModel | undefined): f is FlowModel => !!f);
  }
}

/** Compiles one executable `bpmn:Process` of a moddle tree. */
export function compileProcess(process: Moddle): ProcessModel {
  const elements = new Map<string, ElementModel>();
  const flows = new Map<string, FlowModel>();
  const root = compileElement(process, '');
  elements.set(process.id, root);
  compileScope(process, root, elements, flows);
  for (const element of elements.values()) {
    if (element.attachedToId) elements.get(element.attachedToId)?.boundaryIds.push(element.id);
  }
  const startEventIds = [...elements.values()].filter((e) => e.type === 'bpmn:StartEvent' && e.scopeId === process.id && e.eventKind !== 'none').map((e) => e.id);
  return { bpmnProcessId: process.id, name: process.name, elements, flows, noneStartId: root.noneStartId ?? '', startEventIds };
}

/** Every executable process of a deployed BPMN resource. */
export function executableProcesses(definitions: Moddle): Moddle[] {
  return (definitions.rootElements ?? []).filter((r: Moddle) => r.$type === 'bpmn:Process' && r.isExecutable !== false);
}

/** The catch event a link throw event jumps to: same link name, same scope. */
export function linkTarget(model: ProcessModel, thrower: ElementModel): ElementModel | undefined {
  for (const element of model.elements.values()) {
    if (element.type === 'bpmn:IntermediateCatchEvent' && element.eventKind === 'link' && element.linkName === thrower.linkName && element.scopeId === thrower.scopeId) return element;
  }
  return undefined;
}
