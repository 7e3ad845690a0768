/**
 * bpmn-moddle reads in lax mode: instead of failing it drops what it cannot model and reports a
 * warning. For an engine that is too forgiving: a misspelt `<bpmn:serviceTsk>` would silently
 * vanish from the process. This module sorts those warnings into refusals and harmless notes.
 *
 * Harmless: unknown attributes, unknown elements outside the BPMN namespaces (extension
 * elements of other tools), an unresolved reference from the diagram interchange (a shape for a
 * missing element) and an unsupported encoding declaration. Anything else refuses the diagram.
 */
import type { DeployProblem } from './problems';

/** A warning as moddle-xml reports it. */
export interface ModdleWarning {
  message: string;
  error?: Error;
  element?: { $type?: string; id?: string };
  value?: string;
}

/** The outcome of sorting one warning. */
export type SortedWarning = { problem: DeployProblem } | { warning: string };

/** Prefixes of the packages that make up BPMN itself; unknown elements there are refused. */
const BPMN_PREFIXES = new Set(['bpmn', 'bpmndi', 'di', 'dc']);

/** Syntax warnings of the underlying SAX parser (saxen): the document is not well-formed XML. */
const SYNTAX_WARNING =
  /^(illegal first char attribute name|missing attribute value|illegal attribute name char|illegal declaration of xmlns|attribute value quote missmatch|missing attribute value quotes|missing closing quotes|illegal character after attribute end|attribute <.*> already defined|non-whitespace outside of root node|missing namespace for prefix <.*>)$/;

/** Where in the document moddle-xml was, parsed from its "unparsable content" message. */
export interface XmlPosition {
  line: number;
  column: number;
}

/** Extracts the 1-based position from a moddle-xml message (which counts from 0), if present. */
export function positionOf(message: string): XmlPosition | undefined {
  const line = /\bline: (\d+)/.exec(message);
  const column = /\bcolumn: (\d+)/.exec(message);
  if (!line?.[1]) return undefined;
  return { line: Number(line[1]) + 1, column: Number(column?.[1] ?? 0) + 1 };
}

/** Prefixes a message with its position, e.g. `line 4, column 1: closing tag mismatch`. */
export function located(message: string, position: XmlPosition | undefined): string {
  return position ? `line ${position.line}, column ${position.column}: ${message}` : message;
}

/** Sorts one lax-mode warning into a refusal or a harmless note. */
export function sortWarning(warning: ModdleWarning): SortedWarning {
  const nested = warning.error?.message;
  const position = positionOf(warning.message);

  if (nested === undefined) return sortPlainWarning(warning);

  if (SYNTAX_WARNING.test(nested)) {
    return { problem: { code: 'XML_MALFORMED', message: located(`malformed XML: ${nested}`, position) } };
  }

  const duplicate = /^duplicate ID <(.*)>$/.exec(nested);
  if (duplicate) {
    return { problem: { elementId: duplicate[1], code: 'BPMN_DUPLICATE_ID', message: located(nested, position) } };
  }

  const unknown = /^(?:unknown type|unrecognized element) <([^:>]+):[^>]*>$/.exec(nested);
  if (unknown?.[1] !== undefined) {
    if (BPMN_PREFIXES.has(unknown[1])) {
      return { problem: { code: 'BPMN_UNKNOWN_ELEMENT', message: located(nested, position) } };
    }
    return { warning: located(`ignored ${nested}`, position) };
  }

  return { problem: { code: 'BPMN_INVALID_CONTENT', message: located(nested, position) } };
}

function sortPlainWarning(warning: ModdleWarning): SortedWarning {
  const { message, element } = warning;

  if (message.startsWith('unknown attribute') || message.startsWith('unsupported document encoding')) {
    return { warning: message };
  }

  if (message.startsWith('unresolved reference')) {
    if (element?.$type?.startsWith('bpmndi:')) return { warning: message };
    return {
      problem: {
        elementId: element?.id,
        code: 'BPMN_UNRESOLVED_REFERENCE',
        message: `${element?.$type ?? 'element'} "${element?.id ?? '?'}" has an ${message}`,
      },
    };
  }

  return { problem: { code: 'BPMN_INVALID_CONTENT', message } };
}

/**
 * Extension elements of namespaces no loaded package describes (say `camunda:` or a vendor's
 * own) are read as generic elements without any warning; the engine ignores them, so say so.
 * Only elements with an id are looked at, which covers every flow element and root element.
 */
export function foreignExtensionWarnings(elementsById: Record<string, any>): string[] {
  const warnings: string[] = [];
  for (const element of Object.values(elementsById)) {
    for (const extension of element.extensionElements?.values ?? []) {
      if (extension.$descriptor?.isGeneric) {
        warnings.push(`ignored extension element <${extension.$type}> on ${element.$type} "${element.id}"`);
      }
    }
  }
  return warnings;
}
