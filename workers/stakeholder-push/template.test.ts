import { itIsTheHandlersTemplate, propertiesOf } from '../../test/support/element-template';
import template from './template.json';
import { PUSH_CHANNELS, STAKEHOLDER_PUSH_INPUTS, STAKEHOLDER_PUSH_TASK_TYPE } from './handler';

const properties = propertiesOf(template);

describe('stakeholder-push element template', () => {
  itIsTheHandlersTemplate(template, { taskType: STAKEHOLDER_PUSH_TASK_TYPE, inputs: STAKEHOLDER_PUSH_INPUTS });

  it('names every channel the handler knows, in its order of preference', () => {
    // when
    const description = properties.find((p) => p.binding.name === 'pushChannels')?.description ?? '';

    // then
    expect(description).toContain(`Empty: ${PUSH_CHANNELS.join(', ')}.`);
  });

  it('names the outputs a multi-instance collects, as the publication diagram does', () => {
    // then
    expect(template.description).toContain('={stakeholder: stakeholder, channel: pushChannel, pushedAt: pushedAt, outcome: pushOutcome}');
    expect(properties.find((p) => p.binding.name === 'stakeholder')?.value).toBe('=stakeholder');
  });
});
