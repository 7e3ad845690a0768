import crypto from 'node:crypto';
import type { Db } from '../../store/database';
import { EngineRejection, type Deployment, type Resource } from '../port';
import { lintBpmn } from './bpmn/lint';
import { BpmnRejection, parseBpmn, type DeployProblem } from './bpmn/parse';
import { checkSupport } from './bpmn/support';
import { compileProcess, executableProcesses, type ProcessModel } from './model';
import type { Command, CommandContext } from './processor';
import { evaluateString, evaluateValue } from './feel';
import { firstDue } from './timer-schedule';
import type { EngineRepository } from './repository';
import type * as schema from '../../store/schema';
import { Decisions, type ValidatedDecisionResource } from './decisions';

export interface DefinitionInfo {
  key: number;
  bpmnProcessId: string;
  version: number;
  model: ProcessModel;
}

interface ValidatedResource {
  resource: Resource;
  checksum: string;
  processes: { bpmnProcessId: string; model: ProcessModel }[];
}

export interface ValidatedDeployment {
  bpmn: ValidatedResource[];
  dmn: ValidatedDecisionResource[];
}

/** Deployed process definitions: validation at deploy, versions, and compiled models (cached). */
export class Definitions {
  private readonly byKey = new Map<number, DefinitionInfo>();
  private readonly latestKey = new Map<string, number>();
  readonly decisions = new Decisions();

  constructor(
    private readonly db: Db,
    private readonly repository: EngineRepository,
  ) {}

  /**
   * Parses, lints and support-checks every resource before anything is written; any problem
   * rejects the whole deployment with every problem listed (element id, code, message).
   */
  async validate(resources: Resource[]): Promise<ValidatedDeployment> {
    if (resources.length === 0) throw new EngineRejection('INVALID_ARGUMENT', 'a deployment needs at least one resource');
    const validated: ValidatedResource[] = [];
    const dmn: ValidatedDecisionResource[] = [];
    const problems: (DeployProblem & { resource: string })[] = [];
    for (const resource of resources) {
      if (resource.name.endsWith('.dmn')) {
        const result = await this.decisions.validate(resource);
        problems.push(...result.problems.map((p) => ({ ...p, resource: resource.name })));
        if (result.validated) dmn.push(result.validated);
        continue;
      }
      if (!resource.name.endsWith('.bpmn')) {
        problems.push({ resource: resource.name, code: 'UNSUPPORTED_RESOURCE', message: `'${resource.name}' is neither a .bpmn nor a .dmn resource` });
        continue;
      }
      try {
        const parsed = await parseBpmn(resource.content);
        const found = [...(await lintBpmn(parsed.definitions)), ...checkSupport(parsed)];
        problems.push(...found.map((p) => ({ ...p, resource: resource.name })));
        const processes = executableProcesses(parsed.definitions).map((p) => ({ bpmnProcessId: p.id as string, model: compileProcess(p) }));
        for (const { model } of processes) {
          if (!model.noneStartId && model.startEventIds.length === 0) {
            problems.push({ resource: resource.name, elementId: model.bpmnProcessId, code: 'NO_START_EVENT', message: `process '${model.bpmnProcessId}' needs a start event` });
          }
        }
        validated.push({ resource, checksum: crypto.createHash('sha256').update(resource.content).digest('hex'), processes });
      } catch (error) {
        if (!(error instanceof BpmnRejection)) throw error;
        problems.push(...error.problems.map((p) => ({ ...p, resource: resource.name })));
      }
    }
    if (problems.length) {
      const summary = problems.map((p) => `${p.resource}${p.elementId ? ` ${p.elementId}` : ''}: ${p.message}`).join('; ');
      throw new EngineRejection('INVALID_ARGUMENT', `deployment rejected: ${summary}`, problems);
    }
    return { bpmn: validated, dmn };
  }

  /** The command that stores validated resources as new versions (identical content keeps its version). */
  deployCommand({ bpmn, dmn }: ValidatedDeployment): Command<Deployment> {
    return async (ctx) => {
      const deploymentKey = ctx.nextKey();
      const rows: (typeof schema.processDefinitions.$inferInsert)[] = [];
      const deployment: Deployment = { key: String(deploymentKey), processes: [], decisions: [] };
      const infos: DefinitionInfo[] = [];
      for (const { resource, checksum, processes } of bpmn) {
        for (const { bpmnProcessId, model } of processes) {
          const latest = await this.repository.latestVersion(ctx.db, bpmnProcessId);
          const pending = rows.find((r) => r.bpmnProcessId === bpmnProcessId);
          if (latest && latest.checksum === checksum && !pending) {
            deployment.processes.push({ bpmnProcessId, version: latest.version, processDefinitionKey: String(latest.key), resourceName: latest.resourceName });
            continue;
          }
          const version = (pending?.version ?? latest?.version ?? 0) + 1;
          const key = ctx.nextKey();
          rows.push({ key, bpmnProcessId, version, resourceName: resource.name, checksum, xml: resource.content, deploymentKey, createdAt: ctx.now });
          infos.push({ key, bpmnProcessId, version, model });
          deployment.processes.push({ bpmnProcessId, version, processDefinitionKey: String(key), resourceName: resource.name });
        }
      }
      await this.repository.insertDeployment(ctx.db, deploymentKey, ctx.now, rows);
      deployment.decisions = await this.decisions.deploy(ctx, deploymentKey, dmn);
      for (const info of infos) {
        await ctx.flush();
        await this.repository.deleteStartTriggers(ctx.db, info.bpmnProcessId);
        openStartEvents(ctx, info);
      }
      ctx.effects.events.push({ type: 'deployment.created', payload: { deploymentKey: String(deploymentKey), processes: deployment.processes, decisions: deployment.decisions } });
      ctx.afterCommit(() => {
        for (const info of infos) {
          this.byKey.set(info.key, info);
          const current = this.latestKey.get(info.bpmnProcessId);
          if (current === undefined || this.byKey.get(current)!.version < info.version) this.latestKey.set(info.bpmnProcessId, info.key);
        }
      });
      return deployment;
    };
  }

  /** The definition to start: the given version, or the latest. */
  async resolve(db: Db, bpmnProcessId: string, version?: number): Promise<DefinitionInfo> {
    if (version === undefined) {
      const cached = this.latestKey.get(bpmnProcessId);
      if (cached !== undefined) return this.byKey.get(cached)!;
    }
    const row = version === undefined ? await this.repository.latestVersion(db, bpmnProcessId) : await this.repository.definitionByVersion(db, bpmnProcessId, version);
    if (!row) {
      const which = version === undefined ? 'any version' : `version ${version}`;
      throw new EngineRejection('NOT_FOUND', `Expected to find process definition with process ID '${bpmnProcessId}' (${which}), but none found`);
    }
    const info = await this.load(db, row.key);
    if (version === undefined) this.latestKey.set(bpmnProcessId, info.key);
    return info;
  }

  /** The compiled model of a definition key (instances stay on the version they started with). */
  async load(db: Db, key: number): Promise<DefinitionInfo> {
    const cached = this.byKey.get(key);
    if (cached) return cached;
    const row = await this.repository.definitionByKey(db ?? this.db, key);
    if (!row) throw new Error(`process definition ${key} is missing`);
    const parsed = await parseBpmn(row.xml);
    const process = executableProcesses(parsed.definitions).find((p) => p.id === row.bpmnProcessId);
    if (!process) throw new Error(`process definition ${key} has no executable process '${row.bpmnProcessId}'`);
    const info = { key: row.key, bpmnProcessId: row.bpmnProcessId, version: row.version, model: compileProcess(process) };
    this.byKey.set(key, info);
    return info;
  }
}

/**
 * Opens the timer, message and signal start events of a newly deployed version; the previous
 * version's were removed just before (a redeployment replaces them, as in Zeebe).
 */
function openStartEvents(ctx: CommandContext, info: DefinitionInfo): void {
  for (const id of info.model.startEventIds) {
    const start = info.model.elements.get(id)!;
    const owner = { processInstanceKey: 0, elementInstanceKey: 0, elementId: id, bpmnProcessId: info.bpmnProcessId, processDefinitionKey: info.key };
    if (start.eventKind === 'timer' && start.timer) {
      const value = evaluateValue(start.timer.expression, {});
      const definition = { kind: start.timer.kind, value: String(value) };
      const due = firstDue(definition, ctx.now);
      ctx.effects.timerInserts.push({ key: ctx.nextKey(), dueAt: due.dueAt, repetitions: due.repetitions, definition, ...owner });
    } else if (start.eventKind === 'message' && start.message) {
      const messageName = evaluateString(start.message.name, {}, 'message name');
      ctx.effects.subscriptionInserts.push({ key: ctx.nextKey(), messageName, correlationKey: '', interrupting: 1, ...owner });
    } else if (start.eventKind === 'signal') {
      ctx.effects.signalInserts.push({ key: ctx.nextKey(), signalName: start.signalName ?? '', ...owner });
    }
  }
}
