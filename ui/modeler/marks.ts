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
    for (const marker of markers) canvas.removeMarker(element, marker);
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
