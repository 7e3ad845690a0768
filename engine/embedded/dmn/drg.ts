/**
 * Evaluating a decision of a compiled graph: its required decisions first (each once per
 * evaluation), their results put into the FEEL context under their result names (decision id
 * for tables, variable name for literal expressions), then its own logic.
 */
import { DecisionEvaluationError } from './errors';
import { evaluateExpression, FeelFailure, toPlainJson, typeMismatch } from './expression';
import { evaluateDecisionTable } from './decision-table';
import type { DecisionModel, DrgModel } from './model';

/** Evaluates `decisionId` of the graph against the variables; the result is plain JSON. */
export function evaluateDecision(drg: DrgModel, decisionId: string, variables: Record<string, unknown>): unknown {
  const decision = drg.decisions.get(decisionId);
  if (!decision) {
    throw new DecisionEvaluationError(`no decision with id '${decisionId}' in the decision requirements graph '${drg.id}'`, decisionId);
  }
  return toPlainJson(evaluateWithRequirements(drg, decision, variables, new Map()));
}

function evaluateWithRequirements(drg: DrgModel, decision: DecisionModel, variables: Record<string, unknown>, results: Map<string, unknown>): unknown {
  if (results.has(decision.id)) return results.get(decision.id);

  const context: Record<string, unknown> = { ...variables };
  for (const requiredId of decision.requires) {
    const required = drg.decisions.get(requiredId)!;
    context[required.resultName] = evaluateWithRequirements(drg, required, variables, results);
  }

  let result: unknown;
  try {
    result = evaluateLogic(decision, context);
  } catch (error) {
    if (error instanceof FeelFailure) {
      throw new DecisionEvaluationError(`failed to evaluate decision '${decision.id}'${decision.name ? ` (${decision.name})` : ''}: ${error.message}`, decision.id);
    }
    throw error;
  }
  results.set(decision.id, result);
  return result;
}

function evaluateLogic(decision: DecisionModel, context: Record<string, unknown>): unknown {
  const logic = decision.logic;
  if (logic.kind === 'decision table') return evaluateDecisionTable(logic, context);
  const value = evaluateExpression(logic.text, context);
  const mismatch = typeMismatch(value, logic.typeRef, { temporal: true });
  if (mismatch) throw new FeelFailure(`literal expression: ${mismatch}`);
  return value;
}
