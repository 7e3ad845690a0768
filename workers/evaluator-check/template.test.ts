import { itIsTheHandlersTemplate, propertiesOf } from '../../test/support/element-template';
import template from './template.json';
import { EVALUATOR_CHECK_INPUTS, EVALUATOR_CHECK_TASK_TYPE } from './handler';

describe('evaluator-check element template', () => {
  itIsTheHandlersTemplate(template, { taskType: EVALUATOR_CHECK_TASK_TYPE, inputs: EVALUATOR_CHECK_INPUTS });

  it('maps the handler’s outputs', () => {
    // when
    const sources = propertiesOf(template).filter((p) => p.binding.type === 'zeebe:output').map((p) => p.binding.source);

    // then
    expect(sources).toEqual(['=evaluatorEligible', '=evaluatorIneligibleReason']);
  });
});
