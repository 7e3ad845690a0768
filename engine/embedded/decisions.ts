import crypto from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../store/database';
import * as t from '../../store/schema';
import type { DeployedDecision, Resource } from '../port';
import { compileDmn, DmnRejection, type CompiledDrg } from './dmn';
import type { DeployProblem } from './bpmn/parse';
import type { CommandContext } from './processor';

/** A DMN resource that passed compilation, ready to be stored. */
export interface ValidatedDecisionResource {
  resource: Resource;
  checksum: string;
  drg: CompiledDrg;
}

interface LatestDecision {
  key: number;
  version: number;
  drg: CompiledDrg;
}

/**
 * Deployed DMN decisions: compiled at deploy, versioned per decision requirements id, and kept
 * compiled in memory (latest version per decision id) so business rule tasks evaluate without I/O.
 */
export class Decisions {
  private readonly latest = new Map<string, LatestDecision>();

  /** Compiles a .dmn resource; problems are returned, not thrown. */
  async validate(resource: Resource): Promise<{ validated?: ValidatedDecisionResource; problems: DeployProblem[] }> {
    try {
      const drg = await compileDmn(resource.content);
      return { validated: { resource, checksum: crypto.createHash('sha256').update(resource.content).digest('hex'), drg }, problems: [] };
    } catch (error) {
      if (error instanceof DmnRejection) return { problems: error.problems };
      throw error;
    }
  }

  /** Stores validated DMN resources as new versions (identical content keeps its version). */
  async deploy(ctx: CommandContext, deploymentKey: number, validated: ValidatedDecisionResource[]): Promise<DeployedDecision[]> {
    const deployed: DeployedDecision[] = [];
    const fresh: { decisionId: string; decision: LatestDecision }[] = [];
    for (const { resource, checksum, drg } of validated) {
      const [previous] = await ctx.db
        .select()
        .from(t.decisionRequirements)
        .where(eq(t.decisionRequirements.decisionRequirementsId, drg.decisionRequirementsId))
        .orderBy(desc(t.decisionRequirements.version))
        .limit(1);
      if (previous && previous.checksum === checksum) {
        const rows = await ctx.db.select().from(t.decisionDefinitions).where(eq(t.decisionDefinitions.decisionRequirementsKey, previous.key));
        deployed.push(...rows.map((r) => ({ decisionId: r.decisionId, version: r.version, decisionKey: String(r.key), decisionRequirementsId: drg.decisionRequirementsId, resourceName: previous.resourceName })));
        continue;
      }
      const drgKey = ctx.nextKey();
      await ctx.db.insert(t.decisionRequirements).values({
        key: drgKey,
        decisionRequirementsId: drg.decisionRequirementsId,
        version: (previous?.version ?? 0) + 1,
        resourceName: resource.name,
        checksum,
        xml: resource.content,
        deploymentKey,
        createdAt: ctx.now,
      });
      for (const decision of drg.decisions) {
        const [last] = await ctx.db.select().from(t.decisionDefinitions).where(eq(t.decisionDefinitions.decisionId, decision.decisionId)).orderBy(desc(t.decisionDefinitions.version)).limit(1);
        const key = ctx.nextKey();
        const version = (last?.version ?? 0) + 1;
        await ctx.db.insert(t.decisionDefinitions).values({ key, decisionId: decision.decisionId, name: decision.name ?? null, version, decisionRequirementsKey: drgKey });
        fresh.push({ decisionId: decision.decisionId, decision: { key, version, drg } });
        deployed.push({ decisionId: decision.decisionId, version, decisionKey: String(key), decisionRequirementsId: drg.decisionRequirementsId, resourceName: resource.name });
      }
    }
    ctx.afterCommit(() => {
      for (const { decisionId, decision } of fresh) this.latest.set(decisionId, decision);
    });
    return deployed;
  }

  /** Loads the latest version of every deployed decision (engine start). */
  async load(db: Db): Promise<void> {
    const rows = await db
      .select({ decisionId: t.decisionDefinitions.decisionId, key: t.decisionDefinitions.key, version: t.decisionDefinitions.version, drgKey: t.decisionRequirements.key, xml: t.decisionRequirements.xml })
      .from(t.decisionDefinitions)
      .innerJoin(t.decisionRequirements, eq(t.decisionDefinitions.decisionRequirementsKey, t.decisionRequirements.key))
      .orderBy(t.decisionDefinitions.version);
    const compiled = new Map<number, CompiledDrg>();
    for (const row of rows) {
      let drg = compiled.get(row.drgKey);
      if (!drg) compiled.set(row.drgKey, (drg = await compileDmn(row.xml)));
      this.latest.set(row.decisionId, { key: row.key, version: row.version, drg });
    }
  }

  /** The latest deployed version of a decision, if any. */
  find(decisionId: string): { key: number; version: number; evaluate(variables: Record<string, unknown>): unknown } | undefined {
    const found = this.latest.get(decisionId);
    return found && { key: found.key, version: found.version, evaluate: (variables) => found.drg.evaluate(decisionId, variables) };
  }
}
