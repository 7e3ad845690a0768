import Ajv from 'ajv';
import schema from '@camunda/zeebe-element-templates-json-schema/resources/schema.json';
import template from './template.json';
import { NOTIFY_INPUTS, NOTIFY_TASK_TYPE } from './handler';
import { LOCALES, TEMPLATE_IDS } from './templates';

type Property = (typeof template.properties)[number] & { binding: { type: string; name?: string; property?: string }; choices?: { value: string }[] };
const properties = template.properties as Property[];
const choicesOf = (name: string) => properties.find((p) => p.binding.name === name)?.choices?.map((c) => c.value);

describe('notify element template', () => {
  it('is a valid Zeebe element template', () => {
    // given
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

    // when
    const valid = validate(template);

    // then
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('agrees with the handler: task type and input names', () => {
    // when
    const taskType = properties.find((p) => p.binding.type === 'zeebe:taskDefinition')?.value;
    const inputs = properties.filter((p) => p.binding.type === 'zeebe:input').map((p) => p.binding.name);

    // then
    expect(template.appliesTo).toEqual(['bpmn:ServiceTask']);
    expect(taskType).toBe(NOTIFY_TASK_TYPE);
    expect(inputs.sort()).toEqual([...NOTIFY_INPUTS].sort());
  });

  it('offers exactly the channels, templates and locales the handler knows', () => {
    // then
    expect(choicesOf('channel')?.sort()).toEqual(['email', 'in-app', 'webhook']);
    expect(choicesOf('template')?.sort()).toEqual([...TEMPLATE_IDS].sort());
    expect(choicesOf('locale')?.sort()).toEqual([...LOCALES].sort());
  });
});
