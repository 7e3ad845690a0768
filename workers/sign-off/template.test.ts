import Ajv from 'ajv';
import schema from '@camunda/zeebe-element-templates-json-schema/resources/schema.json';
import template from './template.json';
import { SIGN_OFF_INPUTS, SIGN_OFF_TASK_TYPE } from './handler';
import { DECISIONS } from './signature';

type Property = (typeof template.properties)[number] & { binding: { type: string; name?: string; property?: string; source?: string } };
const properties = template.properties as Property[];

describe('sign-off element template', () => {
  it('is a valid Zeebe element template', () => {
    // given
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

    // when
    const valid = validate(template);

    // then
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check would catch a broken template', () => {
    // given
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

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
    expect(taskType).toBe(SIGN_OFF_TASK_TYPE);
    expect(inputs.sort()).toEqual([...SIGN_OFF_INPUTS].sort());
  });

  it('offers exactly the decisions the handler knows, in its description', () => {
    // when
    const description = properties.find((p) => p.binding.name === 'decision')?.description ?? '';

    // then
    for (const decision of DECISIONS) expect(description).toContain(decision);
  });

  it('maps the handler’s outputs', () => {
    // when
    const sources = properties.filter((p) => p.binding.type === 'zeebe:output').map((p) => p.binding.source);

    // then
    expect(sources).toEqual(['=signature']);
  });
});
