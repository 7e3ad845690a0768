import { itIsTheHandlersTemplate, propertiesOf } from '../../test/support/element-template';
import template from './template.json';
import { SIGN_OFF_INPUTS, SIGN_OFF_TASK_TYPE } from './handler';
import { DECISIONS } from './signature';

const properties = propertiesOf(template);

describe('sign-off element template', () => {
  itIsTheHandlersTemplate(template, { taskType: SIGN_OFF_TASK_TYPE, inputs: SIGN_OFF_INPUTS });

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
