/**
 * Markers (CSS classes on an element) and overlays (HTML badges beside it) on any bpmn-js diagram:
 * lint problems in the modeler, changes in the version diff, states in the instance view.
 */
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import type { LintProblem } from '../lib/types';

/** What marks need of a viewer or modeler. */
export interface Diagram {
  get<T>(name: string): T;
}

/**
 * Fits the diagram to the viewport, but never below `minScale`: a long diagram then starts at its
 * left end at a readable zoom, vertically centred, and the user pans from there.
 */
export function fitReadable(diagram: Diagram, minScale = 0.6, scale = 0.85): void {
  const canvas = diagram.get<Canvas>('canvas');
  canvas.zoom('fit-viewport');
  if (canvas.zoom() >= minScale) return;
  const { inner } = canvas.viewbox();
  const { width, height } = canvas.getSize();
  const w = width / scale;
  const h = height / scale;
  canvas.viewbox({ x: inner.x - 40, y: inner.y + inner.height / 2 - h / 2, width: w, height: h });
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
