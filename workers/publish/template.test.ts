import { itIsTheHandlersTemplate, propertiesOf } from '../../test/support/element-template';
import template from './template.json';
import { CATALOGUE_INPUTS, DOCUMENT_INPUTS, PUBLISH_INPUTS, PUBLISH_TASK_TYPE } from './handler';
import { ITEM_KEYS, ITEM_KINDS } from './document.operation';

const properties = propertiesOf(template) as Array<ReturnType<typeof propertiesOf>[number] & { group?: string }>;
const inputsOf = (group: string) => properties.filter((p) => p.group === group && p.binding.type === 'zeebe:input').map((p) => p.binding.name);

describe('publish element template', () => {
  itIsTheHandlersTemplate(template, { taskType: PUBLISH_TASK_TYPE, inputs: PUBLISH_INPUTS });

  it('keeps the two uses apart: a group for a document, a group for the catalogue', () => {
    // then
    expect(inputsOf('document')).toEqual([...DOCUMENT_INPUTS]);
    expect(inputsOf('catalogue')).toEqual([...CATALOGUE_INPUTS]);
  });

  it('names every kind of published part the handler knows, in both forms', () => {
    // when
    const description = properties.find((p) => p.binding.name === 'items')?.description ?? '';

    // then
    for (const kind of ITEM_KINDS) expect(description).toContain(kind);
    for (const key of Object.keys(ITEM_KEYS)) expect(description).toContain(key);
  });
});
