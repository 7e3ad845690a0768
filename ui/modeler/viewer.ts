/** A read-only, navigable bpmn-js diagram (version diff, instance view) with our translations. */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { translateModule } from './translate';
import type { ModdleObject } from './diff';
import { DIAGRAM_TEXT, fitReadable } from './marks';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './modeler.css';

/** Shows `xml` in `container`, fitted to the viewport (at a readable zoom). */
export async function openViewer(container: HTMLElement, xml: string): Promise<NavigatedViewer> {
  const viewer = new NavigatedViewer({ container, additionalModules: [translateModule], moddleExtensions: { zeebe: zeebeModdle }, textRenderer: DIAGRAM_TEXT });
  // read before the diagram is drawn: the fit then lays the drawn diagram out once, not three times
  const size = viewer.get<Canvas>('canvas').getSize();
  await viewer.importXML(xml);
  fitReadable(viewer, size);
  return viewer;
}

/** The business objects of every element drawn (the root process or collaboration included, labels excluded). */
export function businessObjects(viewer: NavigatedViewer): ModdleObject[] {
  const seen = new Set<string>();
  const result: ModdleObject[] = [];
  for (const element of viewer.get<ElementRegistry>('elementRegistry').getAll()) {
    if ((element as { type?: string }).type === 'label') continue;
    const businessObject = (element as { businessObject?: ModdleObject }).businessObject;
    if (!businessObject?.id || seen.has(businessObject.id)) continue;
    seen.add(businessObject.id);
    result.push(businessObject);
  }
  return result;
}

/** The name the diagram gives process `processId` (also inside a collaboration), or null. */
export function diagramProcessName(viewer: NavigatedViewer, processId: string): string | null {
  interface Definition {
    id?: string;
    name?: string;
    $type?: string;
    participants?: { name?: string; processRef?: { id?: string; name?: string } }[];
  }
  const root = viewer.get<Canvas>('canvas').getRootElement().businessObject as Definition;
  if (root.$type === 'bpmn:Process') return root.id === processId ? root.name?.trim() || null : null;
  const participant = root.participants?.find((p) => p.processRef?.id === processId);
  return participant?.processRef?.name?.trim() || participant?.name?.trim() || null;
}

/** The element's name as drawn, or its id. */
export function elementName(viewer: NavigatedViewer, elementId: string | null): string {
  if (!elementId) return '—';
  const element = viewer.get<ElementRegistry>('elementRegistry').get(elementId) as { businessObject?: { name?: string } } | undefined;
  return element?.businessObject?.name || elementId;
}

/**
 * Centres the element at a readable zoom (large diagrams fitted to the viewport are too small to
 * read); nothing happens when the diagram has no such element.
 */
export function focusElement(viewer: NavigatedViewer, elementId: string, scale = 0.9): void {
  const element = viewer.get<ElementRegistry>('elementRegistry').get(elementId) as { x: number; y: number; width: number; height: number } | undefined;
  if (!element) return;
  const canvas = viewer.get<Canvas>('canvas');
  const { width, height } = canvas.getSize();
  const w = width / scale;
  const h = height / scale;
  canvas.viewbox({ x: element.x + element.width / 2 - w / 2, y: element.y + element.height / 2 - h / 2, width: w, height: h });
}
