/**
 * The administrators' BPMN modeler, in two steps so the diagram is on screen and editable first:
 * `createModeler` is bpmn-js with the create / append menus, the Zeebe modelling behaviours and our
 * Chinese translations; `./propertiesPanel` (its own chunk, most of the code) then adds the
 * properties panel for Camunda 8 (Zeebe) and our workers' element templates in the template
 * chooser and in the create / append menus.
 */
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { CreateAppendAnythingModule } from 'bpmn-js-create-append-anything';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import type { ModuleDeclaration } from './lateModules';
import { DIAGRAM_TEXT } from './marks';
import { translateModule } from './translate';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './modeler.css';
// the properties panel's and the element templates' CSS too, though their code comes later
// (./propertiesPanel): a style sheet added once the diagram is drawn restyles every element of it,
// a long task (0.1–0.3 s for the largest shipped diagram) just when it should answer its first click
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';
import '@bpmn-io/element-template-chooser/dist/element-template-chooser.css';

/** The engine version the templates are checked against (their `engines.camunda` range). */
export const CAMUNDA_VERSION = '8.5.0';

/** The modules the modeler starts with, beside bpmn-js's own. */
export const MODELER_MODULES: ModuleDeclaration[] = [CreateAppendAnythingModule as ModuleDeclaration, ZeebeBehaviorsModule as ModuleDeclaration, translateModule];

/** Creates the modeler in `canvas`, without properties panel and element templates (see ./propertiesPanel). */
export function createModeler(canvas: HTMLElement): BpmnModeler {
  return new BpmnModeler({
    container: canvas,
    // read by the element templates once they are added
    elementTemplates: { engines: { camunda: CAMUNDA_VERSION } },
    textRenderer: DIAGRAM_TEXT,
    additionalModules: MODELER_MODULES,
    moddleExtensions: { zeebe: zeebeModdle },
  });
}

/** A new, empty executable process in the Camunda 8.5 dialect. */
export function newDiagram(processId: string, name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="policy-flow" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="${CAMUNDA_VERSION}">
  <bpmn:process id="${processId}" name="${escapeXml(name)}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="182" y="162" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
