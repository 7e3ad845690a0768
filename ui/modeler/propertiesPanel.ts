/**
 * The second step of the modeler (loaded as its own chunk once the diagram is on screen): the
 * properties panel for Camunda 8 (Zeebe), our workers' element templates in the panel, the template
 * chooser and the create / append menus.
 */
import type BpmnModeler from 'bpmn-js/lib/Modeler';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ElementTemplateChooserModule from '@bpmn-io/element-template-chooser';
import { CreateAppendElementTemplatesModule } from 'bpmn-js-create-append-anything';
import { MODELER_MODULES } from './createModeler';
import { addModules, type ModuleDeclaration } from './lateModules';
import { locale } from '../i18n';
import { bpmnZhCN } from '../i18n/bpmn-zh-CN';
import { translateDom } from '../i18n/domTranslate';

// their CSS comes with the modeler's first chunk (createModeler.ts)

const PANEL_MODULES = [
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
  CloudElementTemplatesPropertiesProviderModule,
  ElementTemplateChooserModule,
  CreateAppendElementTemplatesModule,
] as ModuleDeclaration[];

interface PropertiesPanel {
  attachTo(parent: HTMLElement): void;
  /** Renders the panel for an element (the root when none); the panel renders itself on `root.added`, long past here. */
  _render(element?: unknown): void;
}

/** Gives the browser a turn (input, paint) between two long steps. */
const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Adds the properties panel (in `parent`) and the element templates (JSON documents from GET
 * /api/element-templates) to a modeler that has imported its diagram. Each long step is a task of
 * its own, so clicks on the canvas are answered in between.
 */
export async function addPropertiesPanel(modeler: BpmnModeler, parent: HTMLElement, templates: unknown[], alive: () => boolean): Promise<void> {
  await yieldToBrowser();
  if (!alive()) return;
  const injector = addModules(modeler, MODELER_MODULES, PANEL_MODULES);
  await yieldToBrowser();
  if (!alive()) return;
  injector.get<{ setTemplates(templates: unknown[]): void }>('elementTemplatesLoader').setTemplates(templates);
  await yieldToBrowser();
  if (!alive()) return;
  const panel = injector.get<PropertiesPanel>('propertiesPanel');
  panel.attachTo(parent);
  // the panel does not pass `translate` to some of its own tooltips ("Toggle section", "Open
  // pop-up editor", "Create new list item"…): their attributes are translated in place (texts are
  // translated by the panel, and what the user typed is never touched: every text node is skipped)
  if (locale === 'zh-CN') translateDom(parent, { texts: bpmnZhCN }, '*');
  panel._render();
  // an element the user selected meanwhile: the panel shows it
  const selection = modeler.get<Selection>('selection');
  const selected = selection.get();
  if (selected.length) selection.select(selected);
}
