/**
 * DMN for business rule tasks with `zeebe:calledDecision`: a deployed DMN 1.3 resource is
 * compiled once into a decision requirements graph, whose decisions the engine then evaluates
 * by id against a process instance's variables, with Zeebe 8.5's semantics.
 */
import { evaluateDecision } from './drg';
import { modelOf } from './model';
import { readDefinitions } from './resource';

export { DecisionEvaluationError, DmnRejection, type DmnProblem } from './errors';
export { MAX_DMN_BYTES } from './resource';

/** A decision as the engine lists it after deployment. */
export interface DecisionDefinitionInfo {
  decisionId: string;
  name?: string;
  decisionRequirementsId: string;
}

/** A deployed decision requirements graph (one DMN resource). */
export interface CompiledDrg {
  /** The id of the resource's `definitions` element. */
  decisionRequirementsId: string;
  /** The `definitions` element's name, when it has one. */
  name?: string;
  /** Every decision of the graph, in document order. */
  decisions: DecisionDefinitionInfo[];
  /**
   * Evaluates a decision (its required decisions first) against the variables and returns its
   * result as plain JSON. Throws DecisionEvaluationError naming the decision and rule or input.
   */
  evaluate(decisionId: string, variables: Record<string, unknown>): unknown;
}

/**
 * Parses a .dmn resource safely (refusing `<!DOCTYPE`/`<!ENTITY`, more than 5 MiB, malformed
 * XML and non-DMN roots), compiles it (every FEEL text must parse, every required decision must
 * exist, no cycles), and reports every decision in it. Throws DmnRejection with all problems.
 */
export async function compileDmn(xml: string): Promise<CompiledDrg> {
  const drg = modelOf(await readDefinitions(xml));
  const decisions = [...drg.decisions.values()].map((decision) => ({
    decisionId: decision.id,
    ...(decision.name ? { name: decision.name } : {}),
    decisionRequirementsId: drg.id,
  }));
  return {
    decisionRequirementsId: drg.id,
    ...(drg.name ? { name: drg.name } : {}),
    decisions,
    evaluate: (decisionId, variables) => evaluateDecision(drg, decisionId, variables),
  };
}
