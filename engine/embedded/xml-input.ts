/** Declarations that open the door to external entities and entity expansion (billion laughs). */
const DECLARATION = /<!\s*(DOCTYPE|ENTITY)\b/i;

/**
 * The first reason to refuse an XML resource before parsing it (BPMN and DMN alike): too large,
 * or carrying a DOCTYPE / ENTITY declaration. Undefined when the input may be parsed.
 */
export function unsafeXmlProblem(xml: string, maxBytes: number, noun: string): { code: 'XML_TOO_LARGE' | 'XML_DOCTYPE'; message: string } | undefined {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > maxBytes) return { code: 'XML_TOO_LARGE', message: `${noun} has ${bytes} bytes; at most ${maxBytes} are accepted` };
  const declaration = DECLARATION.exec(xml);
  if (!declaration) return undefined;
  const line = xml.slice(0, declaration.index).split('\n').length;
  return { code: 'XML_DOCTYPE', message: `line ${line}: <!${declaration[1]!.toUpperCase()}> declarations are refused (external entities, entity expansion)` };
}
