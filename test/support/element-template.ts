import Ajv from 'ajv';
import schema from '@camunda/zeebe-element-templates-json-schema/resources/schema.json';

/** A property of a Camunda element template, as far as the checks read it. */
export interface TemplateProperty {
  value?: unknown;
  description?: string;
  choices?: { value: string }[];
  binding: { type: string; name?: string; property?: string; source?: string };
}

export interface ElementTemplate {
  appliesTo: string[];
  properties: unknown[];
}

/** The template's properties, typed for the checks. */
export const propertiesOf = (template: ElementTemplate) => template.properties as TemplateProperty[];

/**
 * The checks every worker's element template passes (connectors' convention): valid against
 * @camunda/zeebe-element-templates-json-schema, and in step with its handler — the same task type
 * and exactly the inputs the handler reads. Registers its tests in the calling `describe`.
 */
export function itIsTheHandlersTemplate(template: ElementTemplate, handler: { taskType: string; inputs: readonly string[] }): void {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const properties = propertiesOf(template);

  it('is a valid Zeebe element template', () => {
    // when
    const valid = validate(template);

    // then
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check would catch a broken template', () => {
    // when
    const valid = validate({ ...template, properties: [{ type: 'Hidden', value: 'x', binding: { type: 'zeebe:nonsense' } }] });

    // then
    expect(valid).toBe(false);
  });

  it('agrees with the handler: task type and input names', () => {
    // when
    const taskType = properties.find((p) => p.binding.type === 'zeebe:taskDefinition')?.value;
    const inputs = properties.filter((p) => p.binding.type === 'zeebe:input').map((p) => p.binding.name);

    // then
    expect(template.appliesTo).toEqual(['bpmn:ServiceTask']);
    expect(taskType).toBe(handler.taskType);
    expect(inputs.sort()).toEqual([...handler.inputs].sort());
  });
}
