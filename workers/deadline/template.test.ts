import { itIsTheHandlersTemplate, propertiesOf } from '../../test/support/element-template';
import template from './template.json';
import { DEADLINE_INPUTS, DEADLINE_TASK_TYPE } from './handler';

describe('deadline element template', () => {
  itIsTheHandlersTemplate(template, { taskType: DEADLINE_TASK_TYPE, inputs: DEADLINE_INPUTS });

  it('maps the handler’s outputs', () => {
    // when
    const sources = propertiesOf(template).filter((p) => p.binding.type === 'zeebe:output').map((p) => p.binding.source);

    // then
    expect(sources).toEqual(['=dueDate', '=dueDay']);
  });
});
