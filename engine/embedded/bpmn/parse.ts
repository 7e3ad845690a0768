/**
 * Reading a deployed diagram: BPMN 2.0 XML in the Camunda 8 (Zeebe) dialect, into the moddle
 * object tree the linter, the support check and the engine work on.
 *
 * Deployments come from users, so the XML is treated as hostile: DTDs and entity declarations
 * are refused outright (no external entities, no entity expansion), size is capped, and the
 * lax moddle reader's warnings are sorted into refusals and harmless notes.
 */
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { foreignExtensionWarnings, located, positionOf, sortWarning, type ModdleWarning } from './moddle-warnings';
import { BpmnRejection, type DeployProblem } from './problems';
import { unsafeXmlProblem } from '../xml-input';

export { BpmnRejection, type DeployProblem } from './problems';

/** A diagram read into moddle elements. */
export interface ParsedBpmn {
  /** The moddle `bpmn:Definitions` root. */
  definitions: any;
  /** Every element that has an id, by id (diagram interchange included). */
  elementsById: Record<string, any>;
  /** Things that were ignored while reading (unknown attributes, foreign extension elements). */
  warnings: string[];
}

/** Options for {@link parseBpmn}. */
export interface ParseOptions {
  /** Largest accepted document in bytes (UTF-8); 5 MiB unless told. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;


const zeebeDescriptor = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json') as object;

const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });

/** Parses BPMN 2.0 XML with the zeebe extension, refusing unsafe or malformed input. */
export async function parseBpmn(xml: string, options: ParseOptions = {}): Promise<ParsedBpmn> {
  refuseUnsafeInput(xml, options.maxBytes ?? DEFAULT_MAX_BYTES);

  const { rootElement, elementsById, warnings } = await readDefinitions(xml);

  const problems: DeployProblem[] = [];
  const notes: string[] = [];
  for (const warning of warnings) {
    const sorted = sortWarning(warning);
    if ('problem' in sorted) problems.push(sorted.problem);
    else notes.push(sorted.warning);
  }
  if (problems.length > 0) throw new BpmnRejection(summarise(problems), problems);

  const executable = (rootElement.rootElements ?? []).filter(
    (root: any) => root.$instanceOf('bpmn:Process') && root.isExecutable === true,
  );
  if (executable.length === 0) {
    reject({ code: 'NO_EXECUTABLE_PROCESS', message: 'the diagram has no process marked isExecutable="true"' });
  }

  return { definitions: rootElement, elementsById, warnings: [...notes, ...foreignExtensionWarnings(elementsById)] };
}

function refuseUnsafeInput(xml: string, maxBytes: number): void {
  const problem = unsafeXmlProblem(xml, maxBytes, 'the document');
  if (problem) reject(problem);
}

interface ReadResult {
  rootElement: any;
  elementsById: Record<string, any>;
  warnings: ModdleWarning[];
}

async function readDefinitions(xml: string): Promise<ReadResult> {
  try {
    return await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('failed to parse document as')) {
      reject({
        code: 'NOT_BPMN',
        message: 'the root element is not <definitions> in the BPMN 2.0 model namespace (http://www.omg.org/spec/BPMN/20100524/MODEL)',
      });
    }
    const nested = /nested error: (.*)$/s.exec(message)?.[1] ?? message;
    return reject({ code: 'XML_MALFORMED', message: located(`malformed XML: ${nested}`, positionOf(message)) });
  }
}

function reject(problem: DeployProblem): never {
  throw new BpmnRejection(problem.message, [problem]);
}

function summarise(problems: DeployProblem[]): string {
  const first = problems[0]!.message;
  return problems.length === 1 ? first : `${first} (and ${problems.length - 1} more problems)`;
}
