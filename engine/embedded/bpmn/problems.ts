/**
 * What a deployment is refused for. Parsing, linting and the support check all speak in these
 * terms so the API layer can show one list of problems per diagram.
 */

/** One reason a diagram cannot be deployed. */
export interface DeployProblem {
  /** The BPMN element at fault, when the problem belongs to one. */
  elementId?: string;
  /** Stable machine-readable code, e.g. `XML_DOCTYPE`, `LINT_implementation`, `UNSUPPORTED_ELEMENT`. */
  code: string;
  message: string;
}

/** Thrown when a diagram is refused before it is ever modelled; carries every problem found. */
export class BpmnRejection extends Error {
  constructor(
    message: string,
    readonly problems: DeployProblem[],
  ) {
    super(message);
    this.name = 'BpmnRejection';
  }
}
