import crypto from 'node:crypto';
import { lintBpmn } from '../engine/embedded/bpmn/lint';
import { BpmnRejection, parseBpmn, type DeployProblem } from '../engine/embedded/bpmn/parse';
import { checkSupport } from '../engine/embedded/bpmn/support';
import { EngineRejection, type Deployment, type Engine, type Resource } from '../engine/port';
import { Invalid, NotFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import type { AuditRepository } from '../store/audit.repository';
import type { DefinitionRepository } from '../store/definition.repository';

/** One reason a diagram is refused, as the modeler shows it. */
export interface LintProblem {
  elementId: string | null;
  message: string;
  /** The lint rule or check that found it, e.g. `LINT_implementation`, `UNSUPPORTED_ELEMENT`, `XML_DOCTYPE`. */
  rule: string;
}

export interface DefinitionSummary {
  bpmnProcessId: string;
  name: string | null;
  latestVersion: number;
  versions: number;
}

export interface DefinitionDeps {
  engine: Engine;
  engineKind: 'embedded' | 'zeebe';
  repository: DefinitionRepository;
  audit: AuditRepository;
  now: () => number;
}

function toLintProblem(problem: DeployProblem): LintProblem {
  return { elementId: problem.elementId ?? null, message: problem.message, rule: problem.code };
}

/** The `name` attribute of the process `bpmnProcessId` in the XML (entities of attribute values decoded). */
function processName(xml: string, bpmnProcessId: string): string | null {
  for (const match of xml.matchAll(/<(?:\w+:)?process\b([^>]*)>/g)) {
    const attributes = match[1]!;
    if (!new RegExp(`\\bid="${bpmnProcessId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(attributes)) continue;
    const name = /\bname="([^"]*)"/.exec(attributes)?.[1];
    return name === undefined ? null : name.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  }
  return null;
}

/**
 * Records a deployment made on Zeebe in the catalogue (`process_definitions`), which the embedded
 * engine fills itself. main.ts should call it for the diagrams it deploys at start-up on Zeebe.
 */
export async function recordZeebeDeployment(repository: DefinitionRepository, deployment: Deployment, resources: Resource[], now: number): Promise<void> {
  for (const p of deployment.processes) {
    const resource = resources.find((r) => r.name === p.resourceName) ?? (resources.length === 1 ? resources[0] : undefined);
    if (!resource) continue;
    const checksum = crypto.createHash('sha256').update(resource.content).digest('hex');
    await repository.record({ ...p, key: p.processDefinitionKey, checksum, xml: resource.content, deploymentKey: deployment.key, createdAt: now });
  }
}

/**
 * Deployed process definitions: the catalogue, reading a version's XML, linting a diagram the way
 * a deployment would (Camunda 8.5 compatibility rules plus the embedded engine's support check,
 * after refusing DOCTYPE / entity declarations), and deploying. On Zeebe every deployment made
 * through here is recorded in the catalogue (versions deployed to the broker by other means are
 * not listed).
 */
export class DefinitionService {
  constructor(private readonly deps: DefinitionDeps) {}

  /** Every process with its latest version and version count. */
  async list(): Promise<DefinitionSummary[]> {
    const rows = await this.deps.repository.versions();
    const byProcess = new Map<string, typeof rows>();
    for (const row of rows) byProcess.set(row.bpmnProcessId, [...(byProcess.get(row.bpmnProcessId) ?? []), row]);
    const summaries: DefinitionSummary[] = [];
    for (const [bpmnProcessId, versions] of byProcess) {
      const latestVersion = versions[versions.length - 1]!.version;
      const xml = await this.deps.repository.xml(bpmnProcessId, latestVersion);
      summaries.push({ bpmnProcessId, name: xml ? processName(xml, bpmnProcessId) : null, latestVersion, versions: versions.length });
    }
    return summaries;
  }

  /** The versions of one process. Throws `NotFound`. */
  async versions(bpmnProcessId: string) {
    const versions = await this.deps.repository.versions(bpmnProcessId);
    if (versions.length === 0) throw new NotFound(`no process '${bpmnProcessId}' is deployed`);
    const latest = await this.deps.repository.xml(bpmnProcessId, versions[versions.length - 1]!.version);
    return {
      bpmnProcessId,
      name: latest ? processName(latest, bpmnProcessId) : null,
      versions: versions.map(({ version, processDefinitionKey, resourceName, createdAt }) => ({ version, processDefinitionKey, resourceName, createdAt: new Date(createdAt).toISOString() })),
    };
  }

  /** The BPMN XML of one version. Throws `NotFound`. */
  async xml(bpmnProcessId: string, version: number): Promise<string> {
    const xml = await this.deps.repository.xml(bpmnProcessId, version);
    if (xml === undefined) throw new NotFound(`process '${bpmnProcessId}' has no version ${version}`);
    return xml;
  }

  /** Every reason this diagram would be refused at deployment; empty when it would deploy. */
  async lint(xml: string): Promise<LintProblem[]> {
    try {
      const parsed = await parseBpmn(xml);
      return [...(await lintBpmn(parsed.definitions)), ...checkSupport(parsed)].map(toLintProblem);
    } catch (error) {
      if (error instanceof BpmnRejection) return error.problems.map(toLintProblem);
      throw error;
    }
  }

  /**
   * Lints, then deploys one resource. Throws `Invalid` with code `LINT_FAILED` and the problems
   * when the diagram (or the engine) refuses it; nothing is deployed then.
   */
  async deploy(resource: { name: string; xml: string }, actor: Principal) {
    if (resource.name.endsWith('.bpmn')) {
      const problems = await this.lint(resource.xml);
      if (problems.length) throw new Invalid(`the diagram has ${problems.length} problem(s): ${problems.map((p) => p.message).join('; ')}`, problems, 'LINT_FAILED');
    }
    const deployment = await this.deps.engine.deployResources([{ name: resource.name, content: resource.xml }]).catch((error: unknown) => {
      if (error instanceof EngineRejection && error.code === 'INVALID_ARGUMENT') {
        const details = Array.isArray(error.details) ? (error.details as DeployProblem[]).map(toLintProblem) : [{ elementId: null, message: error.message, rule: 'ENGINE_REJECTED' }];
        throw new Invalid(error.message, details, 'LINT_FAILED');
      }
      throw error;
    });
    if (this.deps.engineKind === 'zeebe') await recordZeebeDeployment(this.deps.repository, deployment, [{ name: resource.name, content: resource.xml }], this.deps.now());
    const processes = deployment.processes.map(({ bpmnProcessId, version, processDefinitionKey }) => ({ bpmnProcessId, version, processDefinitionKey }));
    await this.deps.audit.record({
      actor: actor.id,
      action: 'definition.deploy',
      resource: 'definition',
      resourceId: resource.name,
      after: { resourceName: resource.name, deploymentKey: deployment.key, processes, decisions: deployment.decisions.map((d) => ({ decisionId: d.decisionId, version: d.version })) },
    });
    return { processes, decisions: deployment.decisions.map(({ decisionId, version, decisionKey }) => ({ decisionId, version, decisionKey })) };
  }
}
