/**
 * The executable form of a decision requirements graph: dmn-moddle's element tree reduced to
 * what evaluation needs, checked the way Zeebe checks a DMN resource on deployment (every FEEL
 * text parses, every required decision exists, no decision requires itself, every rule has one
 * entry per column, every decision has a decision table or a literal expression).
 */
import { rejectionOf, type DmnProblem } from './errors';
import { feelSyntaxError, matchesAnything, type FeelKind } from './expression';

/** DMN 1.3 hit policies, as written in the `hitPolicy` attribute. */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

/** COLLECT aggregations, as written in the `aggregation` attribute. */
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

/** An input column: a FEEL expression whose value the rules' input entries test. */
export interface TableInput {
  id: string;
  label: string;
  expression: string;
  typeRef?: string;
}

/** An output column; `priorities` is its output values list (PRIORITY and OUTPUT ORDER rank by it). */
export interface TableOutput {
  id: string;
  name: string;
  typeRef?: string;
  priorities: string[];
  defaultEntry?: string;
}

/** A rule: one unary test per input, one FEEL expression per output. */
export interface TableRule {
  id: string;
  /** 1-based position in the table. */
  position: number;
  inputEntries: string[];
  outputEntries: string[];
}

/** A decision table. */
export interface DecisionTable {
  kind: 'decision table';
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: TableInput[];
  outputs: TableOutput[];
  rules: TableRule[];
}

/** A literal expression whose value is the decision's result. */
export interface LiteralExpression {
  kind: 'literal expression';
  text: string;
  typeRef?: string;
}

/** One decision of the graph. */
export interface DecisionModel {
  id: string;
  name?: string;
  /** The name its result has in dependent decisions: the decision id for tables, the variable name for literal expressions. */
  resultName: string;
  /** Ids of the decisions whose results it reads. */
  requires: string[];
  logic: DecisionTable | LiteralExpression;
}

/** A whole graph: the `definitions` element's id and name, and its decisions by id. */
export interface DrgModel {
  id: string;
  name?: string;
  decisions: Map<string, DecisionModel>;
}

const HIT_POLICIES = new Set<string>(['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER']);

/** Reduces moddle `dmn:Definitions` to a {@link DrgModel}, or throws a DmnRejection with every problem. */
export function modelOf(definitions: any): DrgModel {
  const problems: DmnProblem[] = [];
  if (!definitions.id) problems.push({ code: 'DMN_MISSING_ID', message: 'the <definitions> element has no id' });

  const decisionElements = (definitions.drgElement ?? []).filter((element: any) => element.$instanceOf('dmn:Decision'));
  const decisions = new Map<string, DecisionModel>();
  for (const element of decisionElements) {
    const decision = decisionOf(element, problems);
    if (decision) decisions.set(decision.id, decision);
  }
  if (decisionElements.length === 0) problems.push({ code: 'DMN_NO_DECISION', message: 'the DMN resource contains no decision' });

  checkRequirements(decisions, problems);
  if (problems.length > 0) throw rejectionOf(problems);
  return { id: definitions.id, name: definitions.name || undefined, decisions };
}

function decisionOf(element: any, problems: DmnProblem[]): DecisionModel | undefined {
  const id: string | undefined = element.id;
  if (!id) {
    problems.push({ code: 'DMN_MISSING_ID', message: `a decision${element.name ? ` named '${element.name}'` : ''} has no id` });
    return undefined;
  }
  const requires = (element.informationRequirement ?? [])
    .map((requirement: any) => requirement.requiredDecision?.href as string | undefined)
    .filter((href: string | undefined): href is string => typeof href === 'string')
    .map((href: string) => href.replace(/^#/, ''));

  const logic = element.decisionLogic;
  if (logic?.$instanceOf('dmn:DecisionTable')) {
    return { id, name: element.name || undefined, resultName: id, requires, logic: tableOf(id, logic, problems) };
  }
  if (logic?.$instanceOf('dmn:LiteralExpression')) {
    const text: string = logic.text ?? '';
    checkFeel(problems, id, logic.id ?? id, `literal expression of decision '${id}'`, text, 'expression');
    const resultName: string = element.variable?.name || id;
    return { id, name: element.name || undefined, resultName, requires, logic: { kind: 'literal expression', text, typeRef: element.variable?.typeRef } };
  }
  const what = logic ? `a ${String(logic.$type).replace(/^dmn:/, '')}` : 'no decision logic';
  problems.push({
    elementId: id,
    code: 'DMN_UNSUPPORTED_DECISION_LOGIC',
    message: `decision '${id}' has ${what}; only decision tables and literal expressions are supported`,
  });
  return undefined;
}

function tableOf(decisionId: string, table: any, problems: DmnProblem[]): DecisionTable {
  const hitPolicy: string = table.hitPolicy ?? 'UNIQUE';
  if (!HIT_POLICIES.has(hitPolicy)) {
    problems.push({ elementId: decisionId, code: 'DMN_UNKNOWN_HIT_POLICY', message: `decision '${decisionId}' has the unknown hit policy '${hitPolicy}'` });
  }
  const inputs: TableInput[] = (table.input ?? []).map((input: any, index: number) => {
    const label: string = input.label || input.inputExpression?.text || `#${index + 1}`;
    const expression: string = input.inputExpression?.text ?? '';
    checkFeel(problems, decisionId, input.id, `input '${label}' of decision '${decisionId}'`, expression, 'expression');
    return { id: input.id, label, expression, typeRef: input.inputExpression?.typeRef };
  });
  const outputs: TableOutput[] = (table.output ?? []).map((output: any, index: number) => {
    const defaultEntry: string | undefined = output.defaultOutputEntry?.text?.trim() || undefined;
    if (defaultEntry) checkFeel(problems, decisionId, output.id, `default output of decision '${decisionId}'`, defaultEntry, 'expression');
    return {
      id: output.id,
      name: output.name || (table.output.length === 1 ? decisionId : `output${index + 1}`),
      typeRef: output.typeRef,
      priorities: prioritiesOf(output.outputValues?.text),
      defaultEntry,
    };
  });
  const rules: TableRule[] = (table.rule ?? []).map((rule: any, index: number) => {
    const ruleId: string = rule.id ?? `#${index + 1}`;
    const inputEntries: string[] = (rule.inputEntry ?? []).map((entry: any) => entry.text ?? '');
    const outputEntries: string[] = (rule.outputEntry ?? []).map((entry: any) => entry.text ?? '');
    if (inputEntries.length !== inputs.length || outputEntries.length !== outputs.length) {
      problems.push({
        elementId: ruleId,
        code: 'DMN_RULE_SHAPE',
        message: `rule '${ruleId}' of decision '${decisionId}' has ${inputEntries.length} input and ${outputEntries.length} output entries; the table has ${inputs.length} inputs and ${outputs.length} outputs`,
      });
    }
    inputEntries.forEach((text, column) => {
      if (!matchesAnything(text)) checkFeel(problems, decisionId, rule.inputEntry[column].id ?? ruleId, `rule '${ruleId}' of decision '${decisionId}'`, text, 'unary tests');
    });
    outputEntries.forEach((text, column) => {
      if (text.trim() !== '') checkFeel(problems, decisionId, rule.outputEntry[column].id ?? ruleId, `rule '${ruleId}' of decision '${decisionId}'`, text, 'expression');
    });
    return { id: ruleId, position: index + 1, inputEntries, outputEntries };
  });
  return { kind: 'decision table', hitPolicy: hitPolicy as HitPolicy, aggregation: table.aggregation || undefined, inputs, outputs, rules };
}

/** Splits an output values list (`"public","internal"`) into its values, quotes removed. */
function prioritiesOf(text: string | undefined): string[] {
  if (!text) return [];
  return (text.match(/"(?:[^"\\]|\\.)*"|[^,]+/g) ?? []).map((value) => value.trim().replace(/^"(.*)"$/s, '$1')).filter((value) => value !== '');
}

function checkFeel(problems: DmnProblem[], decisionId: string, elementId: string | undefined, where: string, text: string, kind: FeelKind): void {
  const error = text.trim() === '' ? `FEEL ${kind} is empty` : feelSyntaxError(text, kind);
  if (error) problems.push({ elementId: elementId ?? decisionId, code: 'FEEL_SYNTAX', message: `${where}: ${error}` });
}

/** Every required decision must exist, and no decision may (indirectly) require itself. */
function checkRequirements(decisions: Map<string, DecisionModel>, problems: DmnProblem[]): void {
  for (const decision of decisions.values()) {
    for (const required of decision.requires) {
      if (!decisions.has(required)) {
        problems.push({ elementId: decision.id, code: 'DMN_UNKNOWN_REQUIRED_DECISION', message: `decision '${decision.id}' requires the unknown decision '${required}'` });
      }
    }
  }
  const finished = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    if (finished.has(id)) return;
    if (path.includes(id)) {
      problems.push({ elementId: id, code: 'DMN_CYCLE', message: `decisions require each other in a cycle: ${[...path.slice(path.indexOf(id)), id].join(' → ')}` });
      return;
    }
    for (const required of decisions.get(id)?.requires ?? []) visit(required, [...path, id]);
    finished.add(id);
  };
  for (const id of decisions.keys()) visit(id, []);
}
