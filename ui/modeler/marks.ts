/**
 * Markers (CSS classes on an element) and overlays (HTML badges beside it) on any bpmn-js diagram:
 * lint problems in the modeler, changes in the version diff, states in the instance view.
 */
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type { LintProblem } from '../lib/types';

/**
 * How our diagrams set their labels (bpmn-js `textRenderer` config, the modeler's and the viewer's):
 * Latin text in Arial as bpmn-js draws it, Chinese text in the Chinese font of the UI
 * (styles.css). Without a Chinese font in the list the browser looks one up for every new
 * character while bpmn-js measures the labels, the larger part of drawing a diagram (≈ 0.1–0.25 s
 * for the largest shipped one); with it the labels look the same (the font the lookup found) and
 * measure ≈ 5× faster.
 */
export const DIAGRAM_TEXT = {
  defaultStyle: { fontFamily: 'Arial, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif' },
};

/** What marks need of a viewer or modeler. */
export interface Diagram {
  get<T>(name: string): T;
}

/** The canvas's size in pixels. */
export interface Size {
  width: number;
  height: number;
}

/**
 * Fits the diagram to the viewport, but never below `minScale`: a long diagram then starts at its
 * left end at a readable zoom, vertically centred, and the user pans from there.
 *
 * With `size` (the canvas's size, read before the diagram was drawn) the fit itself reads no
 * layout: the diagram's bounds come from its elements and the viewbox is set once, so the browser
 * lays the drawn diagram out once (when the canvas announces the new viewbox) instead of three
 * times (zooming to fit, then to the readable scale, each read the size and SVG bounds anew).
 */
export function fitReadable(diagram: Diagram, size?: Size, minScale = 0.6, scale = 0.85): void {
  const canvas = diagram.get<Canvas>('canvas');
  const outer = size ?? canvas.getSize();
  const inner = size ? drawnBounds(diagram) : canvas.viewbox().inner;
  // what canvas.zoom('fit-viewport') shows: all of the diagram, never zoomed in past 100 %
  let box: Bounds;
  if (inner.x >= 0 && inner.y >= 0 && inner.x + inner.width <= outer.width && inner.y + inner.height <= outer.height) {
    box = { x: 0, y: 0, width: Math.max(inner.x + inner.width, outer.width), height: Math.max(inner.y + inner.height, outer.height) };
  } else {
    const fit = Math.min(1, outer.width / inner.width, outer.height / inner.height);
    box = { x: inner.x, y: inner.y, width: outer.width / fit, height: outer.height / fit };
  }
  if (Math.min(outer.width / box.width, outer.height / box.height) < minScale) {
    const width = outer.width / scale;
    const height = outer.height / scale;
    box = { x: inner.x - 40, y: inner.y + inner.height / 2 - height / 2, width, height };
  }
  if (!size) {
    canvas.viewbox(box);
    return;
  }
  // the canvas announces the new viewbox with its size: the one we have, not a fresh layout
  const getSize = canvas.getSize;
  canvas.getSize = () => ({ width: outer.width, height: outer.height });
  try {
    canvas.viewbox(box);
  } finally {
    canvas.getSize = getSize;
  }
}

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The bounds of the elements drawn on the canvas's current root (shapes, labels, connections' waypoints). */
function drawnBounds(diagram: Diagram): Bounds {
  const canvas = diagram.get<Canvas>('canvas');
  const root = canvas.getRootElement() as unknown;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (x: number, y: number, width = 0, height = 0) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + width);
    maxY = Math.max(maxY, y + height);
  };
  for (const element of diagram.get<ElementRegistry>('elementRegistry').getAll() as DrawnElement[]) {
    if (element.hidden || !element.parent || rootOf(element) !== root) continue;
    if (element.waypoints) for (const point of element.waypoints) add(point.x, point.y);
    else if (typeof element.x === 'number' && typeof element.y === 'number') add(element.x, element.y, element.width, element.height);
  }
  return minX === Infinity ? { x: 0, y: 0, width: 0, height: 0 } : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

interface DrawnElement {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  hidden?: boolean;
  parent?: DrawnElement;
  waypoints?: { x: number; y: number }[];
}

/** The root an element is drawn on (the root of its plane: a collapsed subprocess's content has its own). */
function rootOf(element: DrawnElement): DrawnElement {
  let current = element;
  while (current.parent) current = current.parent;
  return current;
}

/** Adds `marker` to the element when the diagram has it; returns whether it did. */
export function mark(diagram: Diagram, elementId: string, marker: string): boolean {
  const registry = diagram.get<ElementRegistry>('elementRegistry');
  if (!registry.get(elementId)) return false;
  diagram.get<Canvas>('canvas').addMarker(elementId, marker);
  return true;
}

/** Adds a small text badge at the element's top right corner (`type` groups badges for removal). */
export function badge(diagram: Diagram, elementId: string, type: string, text: string, className: string, title = text): void {
  const registry = diagram.get<ElementRegistry>('elementRegistry');
  if (!registry.get(elementId)) return;
  const html = document.createElement('div');
  html.className = `pf-badge ${className}`;
  html.textContent = text;
  html.title = title;
  diagram.get<Overlays>('overlays').add(elementId, type, { position: { top: -12, right: 12 }, html });
}

/** Removes every marker of the given classes and every overlay of `type`. */
export function clearMarks(diagram: Diagram, type: string, markers: string[]): void {
  const canvas = diagram.get<Canvas>('canvas');
  for (const element of diagram.get<ElementRegistry>('elementRegistry').getAll()) {
    for (const marker of markers) canvas.removeMarker(element.id, marker);
  }
  diagram.get<Overlays>('overlays').remove({ type });
}

/**
 * Shows lint or deploy problems on their elements: a red outline and a badge with the count; the
 * badge's tooltip lists the messages. Problems without a known element stay in the list only.
 */
export function showProblems(diagram: Diagram, problems: LintProblem[]): void {
  clearMarks(diagram, 'pf-problem', ['pf-problem']);
  const byElement = new Map<string, string[]>();
  for (const problem of problems) {
    if (!problem.elementId) continue;
    byElement.set(problem.elementId, [...(byElement.get(problem.elementId) ?? []), problem.message]);
  }
  for (const [elementId, messages] of byElement) {
    if (mark(diagram, elementId, 'pf-problem')) badge(diagram, elementId, 'pf-problem', `⚠ ${messages.length}`, 'pf-badge-error', messages.join('\n'));
  }
}
