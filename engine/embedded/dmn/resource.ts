/**
 * Reading a deployed DMN 1.3 resource into dmn-moddle's object tree.
 *
 * Resources come from users, so the XML is treated as hostile: DTDs and entity declarations are
 * refused outright (no external entities, no entity expansion), the size is capped, and the lax
 * moddle reader's warnings are sorted into refusals (malformed XML, duplicate ids, unknown DMN
 * elements) and harmless notes (other tools' extensions, unknown attributes).
 */
import { DmnModdle } from 'dmn-moddle';
import { rejectionOf, type DmnProblem } from './errors';
import { unsafeXmlProblem } from '../xml-input';

/** Largest accepted resource in bytes (UTF-8). */
export const MAX_DMN_BYTES = 5 * 1024 * 1024;


/** Prefixes of the packages that make up DMN itself; unknown elements there are refused. */
const DMN_PREFIXES = new Set(['dmn', 'dmndi', 'di', 'dc']);

/** Syntax warnings of the SAX parser underneath moddle-xml: the document is not well-formed. */
const SYNTAX_WARNING =
  /^(illegal first char attribute name|missing attribute value|illegal attribute name char|illegal declaration of xmlns|attribute value quote missmatch|missing attribute value quotes|missing closing quotes|illegal character after attribute end|attribute <.*> already defined|non-whitespace outside of root node|missing namespace for prefix <.*>)$/;

const moddle = new DmnModdle();

/** Parses a DMN 1.3 resource and returns its moddle `dmn:Definitions`, or throws a DmnRejection. */
export async function readDefinitions(xml: string): Promise<any> {
  refuseUnsafeInput(xml);
  const { rootElement, warnings } = await parse(xml);
  const problems = warnings.flatMap(refusalOf);
  if (problems.length > 0) throw rejectionOf(problems);
  return rootElement;
}

function refuseUnsafeInput(xml: string): void {
  const problem = unsafeXmlProblem(xml, MAX_DMN_BYTES, 'the DMN resource');
  if (problem) refuse(problem);
}

async function parse(xml: string): Promise<{ rootElement: any; warnings: { message: string; error?: Error }[] }> {
  try {
    return await moddle.fromXML(xml, 'dmn:Definitions');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('failed to parse document as')) {
      refuse({
        code: 'NOT_DMN',
        message: 'the root element is not <definitions> in the DMN 1.3 model namespace (https://www.omg.org/spec/DMN/20191111/MODEL/)',
      });
    }
    const nested = /nested error: (.*)$/s.exec(message)?.[1] ?? message;
    return refuse({ code: 'XML_MALFORMED', message: located(`malformed XML: ${nested}`, message) });
  }
}

function refusalOf(warning: { message: string; error?: Error }): DmnProblem[] {
  const nested = warning.error?.message;
  if (nested === undefined) return [];
  const where = (text: string): string => located(text, warning.message);
  if (SYNTAX_WARNING.test(nested)) return [{ code: 'XML_MALFORMED', message: where(`malformed XML: ${nested}`) }];

  const duplicate = /^duplicate ID <(.*)>$/.exec(nested);
  if (duplicate) return [{ elementId: duplicate[1], code: 'DMN_DUPLICATE_ID', message: where(nested) }];

  const unknown = /^(?:unknown type|unrecognized element) <([^:>]+):[^>]*>$/.exec(nested);
  if (unknown?.[1] !== undefined) {
    return DMN_PREFIXES.has(unknown[1]) ? [{ code: 'DMN_UNKNOWN_ELEMENT', message: where(nested) }] : [];
  }
  return [{ code: 'DMN_INVALID_CONTENT', message: where(nested) }];
}

/** Prefixes a message with the 1-based position moddle-xml reports (it counts from 0). */
function located(text: string, moddleMessage: string): string {
  const line = /\bline: (\d+)/.exec(moddleMessage)?.[1];
  const column = /\bcolumn: (\d+)/.exec(moddleMessage)?.[1];
  if (line === undefined) return text;
  return `line ${Number(line) + 1}, column ${Number(column ?? 0) + 1}: ${text}`;
}

function refuse(problem: DmnProblem): never {
  throw rejectionOf([problem]);
}
