/** Packages without type declarations that the modeler loads: their modules are opaque didi module objects. */
declare module 'bpmn-js-properties-panel' {
  type Module = Record<string, unknown>;
  export const BpmnPropertiesPanelModule: Module;
  export const BpmnPropertiesProviderModule: Module;
  export const ZeebePropertiesProviderModule: Module;
}
declare module 'bpmn-js-element-templates' {
  type Module = Record<string, unknown>;
  export const CloudElementTemplatesPropertiesProviderModule: Module;
}
declare module '@bpmn-io/element-template-chooser' {
  const ElementTemplateChooserModule: Record<string, unknown>;
  export default ElementTemplateChooserModule;
}
declare module 'bpmn-js-create-append-anything' {
  type Module = Record<string, unknown>;
  export const CreateAppendAnythingModule: Module;
  export const CreateAppendElementTemplatesModule: Module;
}
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud' {
  const ZeebeBehaviorsModule: Record<string, unknown>;
  export default ZeebeBehaviorsModule;
}
declare module 'zeebe-bpmn-moddle/resources/zeebe.json' {
  const descriptor: Record<string, unknown>;
  export default descriptor;
}
