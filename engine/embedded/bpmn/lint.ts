/**
 * Linting a parsed diagram with Camunda's own compatibility rules for Camunda 8.5, so a diagram
 * the embedded engine accepts would also deploy to Zeebe 8.5.
 *
 * What a diagram must carry: nothing beyond the zeebe extension itself. The rules of
 * `bpmnlint-plugin-camunda-compat` take the target version from the config
 * (`camunda-cloud-8-5` hands every rule `{ version: '8.5' }`); none of them read
 * `modeler:executionPlatform` / `modeler:executionPlatformVersion` on `bpmn:definitions`. Those
 * attributes only tell Desktop/Web Modeler which rule set to pick, so diagrams should still carry
 * `modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.5.0"` to get the
 * same findings while modelling. What the rules do depend on:
 * - the zeebe moddle extension being loaded when parsing (see parse.ts), otherwise
 *   `zeebe:taskDefinition` and friends are opaque and every task is reported as unimplemented;
 * - `isExecutable="true"` on the process: from 8.2 the rules skip non-executable processes.
 */
import { createRequire } from 'node:module';
import bpmnlint, { type LintReport } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import type { DeployProblem } from './problems';

const LINT_CONFIG = { extends: 'plugin:camunda-compat/camunda-cloud-8-5' };

/**
 * Resolves the plugin from this file's location rather than the process's working directory
 * (NodeResolver's default), so linting works wherever the engine is started from.
 */
const linter = new bpmnlint.Linter({
  config: LINT_CONFIG,
  resolver: new NodeResolver({ require: createRequire(import.meta.url) }),
});

/**
 * Lints a `bpmn:Definitions` root against the Camunda 8.5 rules and returns the errors as deploy
 * problems (warnings and infos are dropped). A rule that crashes counts as an error too: a
 * diagram that cannot be checked is not deployed.
 */
export async function lintBpmn(definitions: any): Promise<DeployProblem[]> {
  const results = await linter.lint(definitions);

  const problems: DeployProblem[] = [];
  for (const [ruleName, reports] of Object.entries(results)) {
    for (const report of reports) {
      if (report.category === 'error' || report.category === 'rule-error') {
        problems.push(toProblem(ruleName, report));
      }
    }
  }
  return problems;
}

function toProblem(ruleName: string, report: LintReport): DeployProblem {
  const code = `LINT_${ruleName.slice(ruleName.lastIndexOf('/') + 1)}`;
  const message = report.category === 'rule-error' ? `lint rule ${ruleName} failed: ${report.message}` : report.message;
  return report.id ? { elementId: report.id, code, message } : { code, message };
}
