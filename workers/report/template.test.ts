import { itIsTheHandlersTemplate, propertiesOf } from '../../test/support/element-template';
import template from './template.json';
import { REPORT_INPUTS, REPORT_TASK_TYPE } from './handler';

const properties = propertiesOf(template);

describe('report element template', () => {
  itIsTheHandlersTemplate(template, { taskType: REPORT_TASK_TYPE, inputs: REPORT_INPUTS });

  it('maps the handler’s outputs', () => {
    // when
    const sources = properties.filter((p) => p.binding.type === 'zeebe:output').map((p) => p.binding.source);

    // then
    expect(sources).toEqual(['=researchReport', '=researchReportHash']);
  });

  it('reads the research findings under the names the research-deliberation forms give them', () => {
    // when
    const defaults = properties.filter((p) => p.binding.type === 'zeebe:input' && p.value !== undefined).map((p) => [p.binding.name, p.value]);

    // then
    for (const [name, value] of defaults) expect(value).toBe(`=${name}`);
  });
});
