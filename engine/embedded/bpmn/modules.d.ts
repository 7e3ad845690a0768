/**
 * Minimal typings for the bpmn.io packages we use that ship none for their entry points
 * (bpmn-moddle only types its model under `bpmn-moddle/types`; bpmnlint types its internals
 * in `lib/types.d.ts` but not `lib/index.js`).
 */

declare module 'bpmn-moddle' {
  export interface FromXmlResult {
    rootElement: any;
    elementsById: Record<string, any>;
    references: unknown[];
    warnings: Array<{ message: string; error?: Error; element?: any; property?: string; value?: string }>;
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, object>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<FromXmlResult>;
    toXML(element: any, options?: Record<string, unknown>): Promise<{ xml: string }>;
  }
}

declare module 'bpmnlint' {
  /** A rule's finding, annotated with the category (`error`, `warn`, `info`, `rule-error`). */
  export interface LintReport {
    id?: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
    path?: string[];
    [key: string]: unknown;
  }

  export interface LintConfig {
    extends?: string | string[];
    rules?: Record<string, unknown>;
  }

  export interface LintResolver {
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): unknown;
  }

  export class Linter {
    constructor(options: { config?: LintConfig; resolver: LintResolver });
    /** Reports keyed by rule name, e.g. `camunda-compat/implementation`. */
    lint(definitions: any, config?: LintConfig): Promise<Record<string, LintReport[]>>;
  }

  const bpmnlint: { Linter: typeof Linter };
  export default bpmnlint;
}

declare module 'bpmnlint/lib/resolver/node-resolver.js' {
  import type { LintResolver } from 'bpmnlint';

  /** Resolves rules and configs with Node module resolution from the given `require`. */
  export default class NodeResolver implements LintResolver {
    constructor(options?: { require?: NodeJS.Require; requireLocal?: NodeJS.Require });
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): unknown;
  }
}
