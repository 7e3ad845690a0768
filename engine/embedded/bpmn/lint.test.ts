import { deployFixture } from '../../../test/fixtures/deploy';
import { lintBpmn } from './lint';
import { parseBpmn } from './parse';

async function lintFixture(xml: string) {
  const { definitions } = await parseBpmn(xml);
  return lintBpmn(definitions);
}

describe('lintBpmn (camunda-cloud-8-5)', () => {
  it('finds no errors in a valid diagram', async () => {
    // given
    const xml = deployFixture('valid.bpmn');

    // when
    const problems = await lintFixture(xml);

    // then
    expect(problems).toEqual([]);
  });

  it('reports a service task without zeebe:taskDefinition by id', async () => {
    // given
    const xml = deployFixture('service-task-without-definition.bpmn');

    // when
    const problems = await lintFixture(xml);

    // then
    expect(problems).toEqual([
      {
        elementId: 'Task_Unconfigured',
        code: 'LINT_implementation',
        message: 'Element of type <bpmn:ServiceTask> must have one extension element of type <zeebe:TaskDefinition>',
      },
    ]);
  });

  it('finds the same errors when the diagram does not declare its execution platform', async () => {
    // given
    const xml = deployFixture('service-task-without-definition.bpmn').replace(
      ' modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.5.0"',
      '',
    );

    // when
    const problems = await lintFixture(xml);

    // then
    expect(problems.map((p) => [p.elementId, p.code])).toEqual([['Task_Unconfigured', 'LINT_implementation']]);
  });

  it('applies the 8.5 rules whatever version the diagram claims', async () => {
    // given a process with a version tag, which Camunda only accepts from 8.6
    const xml = deployFixture('valid.bpmn')
      .replace('modeler:executionPlatformVersion="8.5.0"', 'modeler:executionPlatformVersion="8.6.0"')
      .replace(
        '<bpmn:process id="draft-review" name="Draft review" isExecutable="true">',
        '$&<bpmn:extensionElements><zeebe:versionTag value="v1" /></bpmn:extensionElements>',
      );

    // when
    const problems = await lintFixture(xml);

    // then
    expect(problems.map((p) => [p.elementId, p.code])).toEqual([['draft-review', 'LINT_no-version-tag']]);
  });

  it('reports an invalid FEEL condition on its sequence flow', async () => {
    // given
    const xml = deployFixture('valid.bpmn').replace('=needsReview = true', '=needsReview = (');

    // when
    const problems = await lintFixture(xml);

    // then
    expect(problems).toContainEqual(expect.objectContaining({ elementId: 'Flow_ToReview', code: 'LINT_feel' }));
  });
});
