/**
 * How the matched rules of a decision table become its result, per hit policy, with Zeebe's
 * (dmn-scala's) semantics: one output gives the bare value per rule, several give a context
 * `{outputName: value}`; single-result policies give one such value, multi-result policies a
 * list; COLLECT with an aggregation gives one number.
 */
import { describe, FeelFailure, toPlainJson } from './expression';
import type { DecisionTable, TableOutput } from './model';

/** The output values of one matched rule, by output name, in rule order. */
export interface RuleOutcome {
  ruleId: string;
  position: number;
  values: Record<string, unknown>;
}

/** Applies the table's hit policy to its matched rules (at least one); throws FeelFailure on a violation. */
export function applyHitPolicy(table: DecisionTable, matched: RuleOutcome[]): unknown {
  switch (table.hitPolicy) {
    case 'FIRST':
      return resultOf(matched[0]!);
    case 'UNIQUE':
      if (matched.length > 1) {
        throw new FeelFailure(`hit policy UNIQUE allows one matching rule, but ${matched.length} matched: ${rulesOf(matched)}`);
      }
      return resultOf(matched[0]!);
    case 'ANY': {
      const distinct = new Set(matched.map((rule) => JSON.stringify(toPlainJson(rule.values))));
      if (distinct.size > 1) {
        throw new FeelFailure(`hit policy ANY requires the matching rules to agree, but ${rulesOf(matched)} gave ${[...distinct].join(', ')}`);
      }
      return resultOf(matched[0]!);
    }
    case 'PRIORITY':
      return resultOf(byPriority(matched, table.outputs)[0]!);
    case 'OUTPUT ORDER':
      return byPriority(matched, table.outputs).map(resultOf);
    case 'RULE ORDER':
      return matched.map(resultOf);
    case 'COLLECT':
      return table.aggregation ? aggregate(table.aggregation, matched) : matched.map(resultOf);
  }
}

function resultOf(rule: RuleOutcome): unknown {
  const entries = Object.entries(rule.values);
  return entries.length === 1 ? entries[0]![1] : rule.values;
}

function rulesOf(matched: RuleOutcome[]): string {
  return matched.map((rule) => `'${rule.ruleId}' (#${rule.position})`).join(', ');
}

/**
 * Orders rules by their outputs' rank in the output values lists, output by output; values
 * missing from a list rank last. The sort is stable, so equal ranks keep rule order.
 */
function byPriority(matched: RuleOutcome[], outputs: TableOutput[]): RuleOutcome[] {
  const rank = (rule: RuleOutcome): number[] =>
    outputs.map((output) => {
      const value = rule.values[output.name];
      const index = typeof value === 'string' || typeof value === 'number' ? output.priorities.indexOf(String(value)) : -1;
      return index < 0 ? Number.POSITIVE_INFINITY : index;
    });
  return [...matched].sort((a, b) => {
    const [left, right] = [rank(a), rank(b)];
    const differing = left.findIndex((value, index) => value !== right[index]);
    return differing < 0 ? 0 : left[differing]! - right[differing]!;
  });
}

function aggregate(aggregation: string, matched: RuleOutcome[]): number {
  if (aggregation === 'COUNT') return matched.length;
  const numbers = matched.map((rule) => {
    const entries = Object.entries(rule.values);
    if (entries.length !== 1) throw new FeelFailure(`COLLECT with ${aggregation} needs a table with exactly one output`);
    const value = entries[0]![1];
    if (typeof value !== 'number') {
      throw new FeelFailure(`COLLECT with ${aggregation} needs numbers, but rule '${rule.ruleId}' (#${rule.position}) gave ${describe(value)}`);
    }
    return value;
  });
  switch (aggregation) {
    case 'SUM':
      return numbers.reduce((sum, value) => sum + value, 0);
    case 'MIN':
      return Math.min(...numbers);
    case 'MAX':
      return Math.max(...numbers);
    default:
      throw new FeelFailure(`unknown COLLECT aggregation '${aggregation}'`);
  }
}
