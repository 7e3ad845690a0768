/**
 * What the embedded engine can run, as data, and the deploy-time check against it.
 *
 * The check walks every executable process and looks each flow element up by its moddle type
 * and, for events, its event definition (`detail`: the definition's type, or `none`). Anything
 * without a supported row is refused, so a BPMN construct nobody thought about is refused
 * rather than silently mis-run. Zeebe extension elements (`zeebe:*` inside
 * `bpmn:extensionElements`) are looked up the same way; extension elements of other tools are
 * ignored. Lint (lint.ts) has already made sure the diagram is valid Camunda 8.5.
 */
import type { DeployProblem, ParsedBpmn } from './parse';

/** One row of the support table; also the source of the README's table. */
export interface SupportRow {
  /** Moddle type, e.g. `bpmn:StartEvent`, `zeebe:TaskDefinition`. */
  element: string;
  /** Narrows the row: an event definition type or `none` for events. */
  detail?: string;
  supported: boolean;
  note?: string;
}

const IGNORED = 'ignored: not executable';

/** Which BPMN elements, event definitions and zeebe extension elements the embedded engine runs. */
export const SUPPORT_TABLE: readonly SupportRow[] = [
  { element: 'bpmn:Process', detail: 'executable', supported: true, note: 'processes not marked executable are ignored' },
  { element: 'bpmn:SequenceFlow', supported: true, note: 'with or without a FEEL conditionExpression; default flows' },

  { element: 'bpmn:StartEvent', detail: 'none', supported: true },
  { element: 'bpmn:StartEvent', detail: 'bpmn:TimerEventDefinition', supported: true, note: 'process start (timeDate, timeCycle incl. cron) and event sub-process start' },
  { element: 'bpmn:StartEvent', detail: 'bpmn:MessageEventDefinition', supported: true, note: 'one instance per message; one active instance per correlation key; event sub-process start' },
  { element: 'bpmn:StartEvent', detail: 'bpmn:SignalEventDefinition', supported: true, note: 'process start and event sub-process start' },
  { element: 'bpmn:StartEvent', detail: 'bpmn:ErrorEventDefinition', supported: true, note: 'event sub-process start (always interrupting)' },
  { element: 'bpmn:StartEvent', detail: 'bpmn:EscalationEventDefinition', supported: true, note: 'event sub-process start' },

  { element: 'bpmn:EndEvent', detail: 'none', supported: true },
  { element: 'bpmn:EndEvent', detail: 'bpmn:TerminateEventDefinition', supported: true },
  { element: 'bpmn:EndEvent', detail: 'bpmn:ErrorEventDefinition', supported: true },
  { element: 'bpmn:EndEvent', detail: 'bpmn:MessageEventDefinition', supported: true, note: 'a job (zeebe:taskDefinition), like Zeebe' },
  { element: 'bpmn:EndEvent', detail: 'bpmn:EscalationEventDefinition', supported: true, note: 'caught by boundary or event sub-process, also across call activities; uncaught escalations are no incident' },
  { element: 'bpmn:EndEvent', detail: 'bpmn:SignalEventDefinition', supported: true, note: 'broadcasts the signal with the element\'s local (input-mapped) variables' },
  { element: 'bpmn:EndEvent', detail: 'bpmn:CompensateEventDefinition', supported: true, note: 'as the intermediate compensation throw event' },

  { element: 'bpmn:IntermediateCatchEvent', detail: 'bpmn:TimerEventDefinition', supported: true },
  { element: 'bpmn:IntermediateCatchEvent', detail: 'bpmn:MessageEventDefinition', supported: true },
  { element: 'bpmn:IntermediateCatchEvent', detail: 'bpmn:SignalEventDefinition', supported: true },
  { element: 'bpmn:IntermediateCatchEvent', detail: 'bpmn:LinkEventDefinition', supported: true },
  { element: 'bpmn:IntermediateCatchEvent', detail: 'bpmn:ConditionalEventDefinition', supported: false },
  { element: 'bpmn:IntermediateThrowEvent', detail: 'none', supported: true, note: 'passes straight through' },
  { element: 'bpmn:IntermediateThrowEvent', detail: 'bpmn:MessageEventDefinition', supported: true, note: 'a job (zeebe:taskDefinition), like Zeebe' },
  { element: 'bpmn:IntermediateThrowEvent', detail: 'bpmn:SignalEventDefinition', supported: true },
  { element: 'bpmn:IntermediateThrowEvent', detail: 'bpmn:EscalationEventDefinition', supported: true },
  { element: 'bpmn:IntermediateThrowEvent', detail: 'bpmn:LinkEventDefinition', supported: true, note: 'jumps to the link catch event of the same name in the same scope' },
  { element: 'bpmn:IntermediateThrowEvent', detail: 'bpmn:CompensateEventDefinition', supported: true, note: 'runs the handlers of the completed activities of its scope (or of activityRef), waits for them' },

  { element: 'bpmn:BoundaryEvent', detail: 'bpmn:TimerEventDefinition', supported: true, note: 'interrupting and non-interrupting' },
  { element: 'bpmn:BoundaryEvent', detail: 'bpmn:MessageEventDefinition', supported: true, note: 'interrupting and non-interrupting' },
  { element: 'bpmn:BoundaryEvent', detail: 'bpmn:ErrorEventDefinition', supported: true },
  { element: 'bpmn:BoundaryEvent', detail: 'bpmn:SignalEventDefinition', supported: true, note: 'interrupting and non-interrupting' },
  { element: 'bpmn:BoundaryEvent', detail: 'bpmn:EscalationEventDefinition', supported: true, note: 'interrupting and non-interrupting' },
  { element: 'bpmn:BoundaryEvent', detail: 'bpmn:CompensateEventDefinition', supported: true, note: 'associated with its handler activity (isForCompensation)' },
  { element: 'bpmn:BoundaryEvent', detail: 'bpmn:ConditionalEventDefinition', supported: false },
  { element: 'bpmn:Event', detail: 'several event definitions', supported: false, note: 'multiple and parallel multiple events' },

  { element: 'bpmn:ServiceTask', supported: true, note: 'job worker (zeebe:taskDefinition)' },
  { element: 'bpmn:SendTask', supported: true, note: 'job worker (zeebe:taskDefinition)' },
  { element: 'bpmn:BusinessRuleTask', supported: true, note: 'DMN decision (zeebe:calledDecision) or job worker (zeebe:taskDefinition)' },
  { element: 'bpmn:ScriptTask', supported: true, note: 'FEEL expression (zeebe:script) or job worker (zeebe:taskDefinition)' },
  { element: 'bpmn:ReceiveTask', supported: true, note: 'with a messageRef' },
  { element: 'bpmn:UserTask', supported: true },
  { element: 'bpmn:ManualTask', supported: true, note: 'passes straight through' },
  { element: 'bpmn:Task', supported: true, note: 'undefined task; passes straight through' },
  { element: 'bpmn:SubProcess', supported: true, note: 'embedded sub-process with its own variable scope; event sub-process (triggeredByEvent) with timer, message, signal, error and escalation starts, interrupting and non-interrupting' },
  { element: 'bpmn:Transaction', supported: false, note: 'not supported by Zeebe 8.5 either' },
  { element: 'bpmn:AdHocSubProcess', supported: false, note: 'Zeebe 8.7+' },
  { element: 'bpmn:CallActivity', supported: true, note: 'processId static or FEEL; propagateAllParentVariables / propagateAllChildVariables; input/output mappings; errors and escalations reach the parent' },
  { element: 'bpmn:MultiInstanceLoopCharacteristics', supported: true, note: 'parallel and sequential on any activity: inputCollection, inputElement, outputCollection, outputElement, completionCondition, loopCounter' },
  { element: 'bpmn:StandardLoopCharacteristics', supported: false, note: 'not supported by Zeebe either' },

  { element: 'bpmn:ExclusiveGateway', supported: true },
  { element: 'bpmn:ParallelGateway', supported: true },
  { element: 'bpmn:InclusiveGateway', supported: true, note: 'fork; a joining inclusive gateway needs Zeebe 8.6 and is refused by the 8.5 lint' },
  { element: 'bpmn:EventBasedGateway', supported: true, note: 'timer, message and signal catch events and receive tasks after it' },
  { element: 'bpmn:ComplexGateway', supported: false, note: 'not supported by Zeebe either' },

  { element: 'bpmn:Collaboration', supported: true, note: IGNORED },
  { element: 'bpmn:Participant', supported: true, note: IGNORED },
  { element: 'bpmn:MessageFlow', supported: true, note: IGNORED },
  { element: 'bpmn:Lane', supported: true, note: IGNORED },
  { element: 'bpmn:TextAnnotation', supported: true, note: IGNORED },
  { element: 'bpmn:Association', supported: true, note: IGNORED },
  { element: 'bpmn:Group', supported: true, note: IGNORED },
  { element: 'bpmn:DataObject', supported: true, note: IGNORED },
  { element: 'bpmn:DataObjectReference', supported: true, note: IGNORED },
  { element: 'bpmn:DataStoreReference', supported: true, note: IGNORED },
  { element: 'bpmndi:BPMNDiagram', supported: true, note: `${IGNORED} (diagram interchange)` },

  { element: 'zeebe:TaskDefinition', supported: true, note: 'job type and retries' },
  { element: 'zeebe:TaskHeaders', supported: true },
  { element: 'zeebe:IoMapping', supported: true, note: 'FEEL input and output mappings' },
  { element: 'zeebe:Script', supported: true, note: 'on bpmn:ScriptTask' },
  { element: 'zeebe:Subscription', supported: true, note: 'correlation key of a bpmn:Message' },
  { element: 'zeebe:AssignmentDefinition', supported: true },
  { element: 'zeebe:FormDefinition', supported: true },
  { element: 'zeebe:TaskSchedule', supported: true },
  { element: 'zeebe:UserTask', supported: false, note: 'Zeebe-native user tasks (8.5) create no job; model job-worker user tasks (no zeebe:userTask) so the task inbox works on both engines' },
  { element: 'zeebe:Properties', supported: true, note: 'ignored: modelling metadata' },
  { element: 'zeebe:CalledDecision', supported: true, note: 'DMN 1.3 decision tables (all hit policies) and literal expressions, with required decisions; deploy the .dmn with the diagram' },
  { element: 'zeebe:UserTaskForm', supported: true, note: 'embedded form body; the task carries formKey camunda-forms:bpmn:<id> as in Zeebe' },
  { element: 'zeebe:CalledElement', supported: true, note: 'of bpmn:CallActivity' },
  { element: 'zeebe:LoopCharacteristics', supported: true, note: 'of multi-instance' },
];

/** Returns one problem per unsupported element, event definition or zeebe extension element. */
export function checkSupport(parsed: ParsedBpmn): DeployProblem[] {
  const problems: DeployProblem[] = [];

  for (const root of parsed.definitions.rootElements ?? []) {
    if (!root.$instanceOf('bpmn:Process') || root.isExecutable !== true) continue;
    checkExtensions(root, problems);
    for (const element of root.flowElements ?? []) checkFlowElement(element, problems);
  }

  return problems;
}

function checkFlowElement(element: any, problems: DeployProblem[]): void {
  const detail = eventDetail(element);
  if (!isSupported(element.$type, detail)) {
    problems.push(unsupported(element, detail === 'none' ? undefined : detail));
    return;
  }

  const loop = element.loopCharacteristics;
  if (loop && !isSupported(loop.$type)) problems.push(unsupported(element, loop.$type));

  checkExtensions(element, problems);

  for (const child of element.flowElements ?? []) checkFlowElement(child, problems);
}

function checkExtensions(element: any, problems: DeployProblem[]): void {
  for (const extension of element.extensionElements?.values ?? []) {
    const type: string = extension.$type ?? '';
    if (type.startsWith('zeebe:') && !isSupported(type)) problems.push(unsupported(element, type));
  }
}

/** For events, the event definition that decides support; undefined for everything else. */
function eventDetail(element: any): string | undefined {
  if (!element.$instanceOf('bpmn:Event')) return undefined;
  const definitions: any[] = element.eventDefinitions ?? [];
  if (definitions.length === 0) return 'none';
  if (definitions.length > 1) return 'several event definitions';
  return definitions[0].$type;
}

function isSupported(element: string, detail?: string): boolean {
  const row =
    SUPPORT_TABLE.find((r) => r.element === element && r.detail === detail) ??
    SUPPORT_TABLE.find((r) => r.element === element && r.detail === undefined);
  return row?.supported === true;
}

function unsupported(element: any, detail: string | undefined): DeployProblem {
  const subject = `${element.$type} "${element.id}"${detail ? ` with ${detail}` : ''}`;
  return { elementId: element.id, code: 'UNSUPPORTED_ELEMENT', message: `${subject} is not supported by the embedded engine yet` };
}
