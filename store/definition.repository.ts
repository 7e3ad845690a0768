import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './database';
import { processDefinitions } from './schema';

/** One deployed version of a process, without its XML. */
export interface DefinitionVersionRow {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  createdAt: number;
}

/**
 * The catalogue of deployed process versions: `process_definitions`. The embedded engine writes
 * it when it deploys; on Zeebe (whose broker keeps its own) the API records every deployment it
 * made there, so the modeler can list and reopen them.
 */
export class DefinitionRepository {
  constructor(private readonly db: Db) {}

  /** Every version of every process, by process id then version. */
  async versions(bpmnProcessId?: string): Promise<DefinitionVersionRow[]> {
    const rows = await this.db
      .select({
        bpmnProcessId: processDefinitions.bpmnProcessId,
        version: processDefinitions.version,
        key: processDefinitions.key,
        resourceName: processDefinitions.resourceName,
        createdAt: processDefinitions.createdAt,
      })
      .from(processDefinitions)
      .where(bpmnProcessId === undefined ? undefined : eq(processDefinitions.bpmnProcessId, bpmnProcessId))
      .orderBy(asc(processDefinitions.bpmnProcessId), asc(processDefinitions.version));
    return rows.map(({ key, ...row }) => ({ ...row, processDefinitionKey: String(key) }));
  }

  /** The XML of one version, or undefined. */
  async xml(bpmnProcessId: string, version: number): Promise<string | undefined> {
    const [row] = await this.db
      .select({ xml: processDefinitions.xml })
      .from(processDefinitions)
      .where(and(eq(processDefinitions.bpmnProcessId, bpmnProcessId), eq(processDefinitions.version, version)))
      .limit(1);
    return row?.xml;
  }

  /** Records a version deployed to Zeebe (nothing happens when that version is already recorded). */
  async record(row: { key: string; bpmnProcessId: string; version: number; resourceName: string; checksum: string; xml: string; deploymentKey: string; createdAt: number }): Promise<void> {
    await this.db
      .insert(processDefinitions)
      .values({ ...row, key: Number(row.key), deploymentKey: Number(row.deploymentKey) })
      .onConflictDoNothing();
  }
}
