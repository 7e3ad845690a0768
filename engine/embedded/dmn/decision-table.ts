/**
 * Evaluating one decision table: input expressions against the variables, each rule's input
 * entries as unary tests against the input values, the matched rules' output entries, then
 * the hit policy. No matching rule gives the outputs' default entries, or null without them.
 */
import { evaluateExpression, FeelFailure, testInputEntry, typeMismatch } from './expression';
import { applyHitPolicy, type RuleOutcome } from './hit-policy';
import type { DecisionTable, TableRule } from './model';

/** Evaluates a decision table in the given FEEL context; throws FeelFailure naming the input, rule or output. */
export function evaluateDecisionTable(table: DecisionTable, context: Record<string, unknown>): unknown {
  const inputValues = table.inputs.map((input) => {
    const value = within(`input '${input.label}'`, () => evaluateExpression(input.expression, context));
    const mismatch = typeMismatch(value, input.typeRef, { temporal: false });
    if (mismatch) throw new FeelFailure(`input '${input.label}' (${input.expression}): ${mismatch}`);
    return value;
  });

  const matchedRules = table.rules.filter((rule) => matches(rule, table, inputValues, context));
  if (matchedRules.length === 0) return defaultResult(table, context);

  const considered = table.hitPolicy === 'FIRST' ? matchedRules.slice(0, 1) : matchedRules;
  const outcomes = considered.map((rule) => outcomeOf(rule, table, context));
  return applyHitPolicy(table, outcomes);
}

function matches(rule: TableRule, table: DecisionTable, inputValues: unknown[], context: Record<string, unknown>): boolean {
  return rule.inputEntries.every((test, column) =>
    within(`rule '${rule.id}' (#${rule.position}), input '${table.inputs[column]?.label}'`, () =>
      testInputEntry(test, inputValues[column] ?? null, context),
    ),
  );
}

function outcomeOf(rule: TableRule, table: DecisionTable, context: Record<string, unknown>): RuleOutcome {
  const values: Record<string, unknown> = {};
  table.outputs.forEach((output, column) => {
    const text = rule.outputEntries[column] ?? '';
    const where = `rule '${rule.id}' (#${rule.position}), output '${output.name}'`;
    const value = text.trim() === '' ? null : within(where, () => evaluateExpression(text, context));
    const mismatch = typeMismatch(value, output.typeRef, { temporal: true });
    if (mismatch) throw new FeelFailure(`${where}: ${mismatch}`);
    values[output.name] = value;
  });
  return { ruleId: rule.id, position: rule.position, values };
}

function defaultResult(table: DecisionTable, context: Record<string, unknown>): unknown {
  const defaults = table.outputs.filter((output) => output.defaultEntry !== undefined);
  if (defaults.length === 0) return null;
  const values = Object.fromEntries(
    defaults.map((output) => [output.name, within(`default output '${output.name}'`, () => evaluateExpression(output.defaultEntry!, context))]),
  );
  return defaults.length === 1 ? values[defaults[0]!.name] : values;
}

/** Runs a FEEL step and prefixes any failure with where in the table it happened. */
function within<T>(where: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof FeelFailure) throw new FeelFailure(`${where}: ${error.message}`);
    throw error;
  }
}
