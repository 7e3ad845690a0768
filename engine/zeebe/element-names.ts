import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../store/database';
import { processDefinitions } from '../../store/schema';
import { parseBpmn } from '../embedded/bpmn/parse';

/** Finds the deployed XML of a process definition by its key; undefined when it is not known. */
export type DefinitionXmlLookup = (processDefinitionKey: string) => Promise<string | undefined>;

/** How long an unknown definition is taken as unknown before it is looked up again. */
const UNKNOWN_RETRY_MS = 60_000;

/**
 * The XML of definitions deployed through this app, from the catalogue the definitions service
 * keeps on Zeebe (`process_definitions`, keyed by the broker's processDefinitionKey).
 */
export function definitionXmlFrom(db: Db): DefinitionXmlLookup {
  return async (processDefinitionKey) => {
    if (!/^\d{1,19}$/.test(processDefinitionKey)) return undefined;
    const [row] = await db.select({ xml: processDefinitions.xml }).from(processDefinitions).where(eq(processDefinitions.key, Number(processDefinitionKey))).limit(1);
    return row?.xml;
  };
}

/** Element id → name of every named element of a diagram. */
async function namesIn(xml: string): Promise<Map<string, string>> {
  const { elementsById } = await parseBpmn(xml);
  const names = new Map<string, string>();
  for (const [id, element] of Object.entries(elementsById)) {
    const name = (element as { name?: unknown }).name;
    if (typeof name === 'string' && name) names.set(id, name);
  }
  return names;
}

/**
 * Element names by process definition key. A Zeebe job carries the element id only; its name is
 * in the diagram, which the adapter remembers when it deploys and otherwise looks up (the
 * catalogue of definitions deployed through this app). A definition deployed by another tool has
 * no known diagram: its element ids stand in for names, with one log line per definition.
 */
export class ElementNames {
  private readonly known = new Map<string, Promise<Map<string, string> | undefined>>();
  private readonly unknownSince = new Map<string, number>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly lookup?: DefinitionXmlLookup,
  ) {}

  /** Remembers the diagram of a definition this adapter deployed. */
  remember(processDefinitionKey: string, xml: string): void {
    this.unknownSince.delete(processDefinitionKey);
    this.known.set(processDefinitionKey, this.read(processDefinitionKey, xml));
  }

  /** The element's name; undefined when it has none or its diagram is not known. Never throws. */
  async nameOf(processDefinitionKey: string, elementId: string): Promise<string | undefined> {
    if (!processDefinitionKey || !elementId) return undefined;
    const names = this.known.get(processDefinitionKey) ?? this.load(processDefinitionKey);
    return (await names)?.get(elementId);
  }

  private load(processDefinitionKey: string): Promise<Map<string, string> | undefined> | undefined {
    const since = this.unknownSince.get(processDefinitionKey);
    if (since !== undefined && Date.now() - since < UNKNOWN_RETRY_MS) return undefined;
    const loading = this.fetch(processDefinitionKey);
    this.known.set(processDefinitionKey, loading);
    return loading;
  }

  private async fetch(processDefinitionKey: string): Promise<Map<string, string> | undefined> {
    let xml: string | undefined;
    let failed = false;
    try {
      xml = await this.lookup?.(processDefinitionKey);
    } catch (error) {
      failed = true;
      this.logger.warn({ err: error, processDefinitionKey }, 'could not look up a process definition: element ids stand in for names');
    }
    if (xml !== undefined) return this.read(processDefinitionKey, xml);
    this.known.delete(processDefinitionKey);
    this.unknownSince.set(processDefinitionKey, Date.now());
    if (!failed && !this.reported.has(processDefinitionKey)) {
      this.reported.add(processDefinitionKey);
      this.logger.warn({ processDefinitionKey }, 'process definition not deployed through this app (no diagram known): element ids stand in for element names');
    }
    return undefined;
  }

  private async read(processDefinitionKey: string, xml: string): Promise<Map<string, string> | undefined> {
    try {
      return await namesIn(xml);
    } catch (error) {
      this.logger.warn({ err: error, processDefinitionKey }, 'could not read the diagram of a process definition: element ids stand in for names');
      return undefined;
    }
  }
}
