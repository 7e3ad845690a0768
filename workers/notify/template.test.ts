import { itIsTheHandlersTemplate, propertiesOf } from '../../test/support/element-template';
import template from './template.json';
import { NOTIFY_INPUTS, NOTIFY_TASK_TYPE } from './handler';
import { LOCALES, TEMPLATE_IDS } from './templates';

const choicesOf = (name: string) => propertiesOf(template).find((p) => p.binding.name === name)?.choices?.map((c) => c.value);

describe('notify element template', () => {
  itIsTheHandlersTemplate(template, { taskType: NOTIFY_TASK_TYPE, inputs: NOTIFY_INPUTS });

  it('offers exactly the channels, templates and locales the handler knows', () => {
    // then
    expect(choicesOf('channel')?.sort()).toEqual(['email', 'in-app', 'webhook']);
    expect(choicesOf('template')?.sort()).toEqual([...TEMPLATE_IDS].sort());
    expect(choicesOf('locale')?.sort()).toEqual([...LOCALES].sort());
  });
});
