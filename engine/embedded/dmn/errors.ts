/**
 * The two ways a decision model fails: refused when it is deployed (a {@link DmnRejection} with
 * every problem found), or failing when a decision is evaluated (a {@link DecisionEvaluationError},
 * which the engine turns into an incident at the business rule task).
 */

/** One reason a DMN resource cannot be deployed. */
export interface DmnProblem {
  /** The DMN element at fault (decision, rule, input entry…), when the problem belongs to one. */
  elementId?: string;
  /** Stable machine-readable code, e.g. `XML_DOCTYPE`, `FEEL_SYNTAX`, `DMN_CYCLE`. */
  code: string;
  message: string;
}

/** Thrown by `compileDmn` when a resource is refused; carries every problem found. */
export class DmnRejection extends Error {
  constructor(
    message: string,
    readonly problems: DmnProblem[],
  ) {
    super(message);
    this.name = 'DmnRejection';
  }
}

/** Builds a rejection whose message is the first problem (and how many more there are). */
export function rejectionOf(problems: DmnProblem[]): DmnRejection {
  const first = problems[0]?.message ?? 'the DMN resource was refused';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
  return new DmnRejection(first + more, problems);
}

/** A decision could not be evaluated; the message names the decision and the rule or input at fault. */
export class DecisionEvaluationError extends Error {
  constructor(
    message: string,
    /** The decision whose evaluation failed (a required decision, possibly), as Zeebe's `failedDecisionId`. */
    readonly failedDecisionId?: string,
  ) {
    super(message);
    this.name = 'DecisionEvaluationError';
  }
}
