import { deployFixture } from '../../../test/fixtures/deploy';
import { BpmnRejection, parseBpmn, type DeployProblem } from './parse';

/** Runs the parser expecting a refusal, and returns its problems. */
async function refusal(xml: string, options?: { maxBytes?: number }): Promise<DeployProblem[]> {
  const error = await parseBpmn(xml, options).then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  expect(error).toBeInstanceOf(BpmnRejection);
  return (error as BpmnRejection).problems;
}

describe('parseBpmn', () => {
  describe('a valid Camunda 8.5 diagram', () => {
    it('reads definitions, elements by id and zeebe extensions without warnings', async () => {
      // given
      const xml = deployFixture('valid.bpmn');

      // when
      const parsed = await parseBpmn(xml);

      // then
      expect(parsed.definitions.$type).toBe('bpmn:Definitions');
      expect(parsed.warnings).toEqual([]);
      const task = parsed.elementsById['Task_Prepare'];
      expect(task.$type).toBe('bpmn:ServiceTask');
      const [taskDefinition] = task.extensionElements.values;
      expect(taskDefinition).toMatchObject({ $type: 'zeebe:TaskDefinition', type: 'prepare-draft', retries: '3' });
    });
  });

  describe('unsafe input', () => {
    it('refuses a DOCTYPE with an external entity (XXE)', async () => {
      // given
      const xml = deployFixture('doctype-xxe.bpmn');

      // when
      const problems = await refusal(xml);

      // then
      expect(problems).toEqual([expect.objectContaining({ code: 'XML_DOCTYPE', message: expect.stringContaining('line 2') })]);
    });

    it('refuses an entity expansion bomb (billion laughs)', async () => {
      // given
      const xml = deployFixture('entity-bomb.bpmn');

      // when
      const problems = await refusal(xml);

      // then
      expect(problems.map((p) => p.code)).toEqual(['XML_DOCTYPE']);
    });

    it('refuses an entity declaration even without a DOCTYPE', async () => {
      // given
      const xml = deployFixture('valid.bpmn').replace('<bpmn:definitions', '<!ENTITY x "y">\n<bpmn:definitions');

      // when
      const problems = await refusal(xml);

      // then
      expect(problems.map((p) => p.code)).toEqual(['XML_DOCTYPE']);
    });

    it('refuses a document larger than maxBytes', async () => {
      // given
      const xml = deployFixture('valid.bpmn');

      // when
      const problems = await refusal(xml, { maxBytes: 1024 });

      // then
      expect(problems.map((p) => p.code)).toEqual(['XML_TOO_LARGE']);
    });

    it('refuses a document larger than 5 MiB by default', async () => {
      // given
      const padding = `<!-- ${'x'.repeat(5 * 1024 * 1024)} -->`;
      const xml = deployFixture('valid.bpmn').replace('</bpmn:definitions>', `${padding}</bpmn:definitions>`);

      // when
      const problems = await refusal(xml);

      // then
      expect(problems.map((p) => p.code)).toEqual(['XML_TOO_LARGE']);
    });
  });

  describe('malformed or foreign documents', () => {
    it('refuses malformed XML, naming the line', async () => {
      // given
      const xml = deployFixture('malformed.bpmn');

      // when
      const problems = await refusal(xml);

      // then
      expect(problems).toEqual([{ code: 'XML_MALFORMED', message: 'line 10, column 3: malformed XML: closing tag mismatch' }]);
    });

    it('refuses text that is not XML at all', async () => {
      // when
      const problems = await refusal('this is not a diagram');

      // then
      expect(problems.map((p) => p.code)).toEqual(['XML_MALFORMED']);
    });

    it('refuses an attribute with a missing closing quote', async () => {
      // given
      const xml = deployFixture('valid.bpmn').replace('name="Prepare draft">', 'name="Prepare draft>');

      // when
      const problems = await refusal(xml);

      // then
      expect(problems.map((p) => p.code)).toContain('XML_MALFORMED');
    });

    it('refuses a document whose root is not bpmn:definitions (a DMN file)', async () => {
      // given
      const xml = deployFixture('not-bpmn.bpmn');

      // when
      const problems = await refusal(xml);

      // then
      expect(problems.map((p) => p.code)).toEqual(['NOT_BPMN']);
    });

    it('refuses a diagram without an executable process', async () => {
      // given
      const xml = deployFixture('non-executable.bpmn');

      // when
      const problems = await refusal(xml);

      // then
      expect(problems.map((p) => p.code)).toEqual(['NO_EXECUTABLE_PROCESS']);
    });
  });

  describe('content the lax reader would silently drop', () => {
    const xml = deployFixture('service-task-without-definition.bpmn');

    it('refuses a misspelt BPMN element instead of dropping it', async () => {
      // when
      const problems = await refusal(xml.replaceAll('bpmn:serviceTask', 'bpmn:serviceTsk'));

      // then
      expect(problems).toEqual([
        expect.objectContaining({ code: 'BPMN_UNKNOWN_ELEMENT', message: expect.stringContaining('<bpmn:ServiceTsk>') }),
        expect.objectContaining({ code: 'BPMN_UNRESOLVED_REFERENCE', elementId: 'Flow_ToTask' }),
        expect.objectContaining({ code: 'BPMN_UNRESOLVED_REFERENCE', elementId: 'Flow_ToEnd' }),
      ]);
    });

    it('refuses a duplicate id', async () => {
      // when
      const problems = await refusal(xml.replace('<bpmn:endEvent id="EndEvent_1">', '<bpmn:endEvent id="StartEvent_1">'));

      // then
      expect(problems).toContainEqual(expect.objectContaining({ code: 'BPMN_DUPLICATE_ID', elementId: 'StartEvent_1' }));
    });

    it('refuses a sequence flow pointing at a missing element', async () => {
      // when
      const problems = await refusal(xml.replace('targetRef="EndEvent_1"', 'targetRef="EndEvent_Missing"'));

      // then
      expect(problems).toEqual([
        {
          elementId: 'Flow_ToEnd',
          code: 'BPMN_UNRESOLVED_REFERENCE',
          message: 'bpmn:SequenceFlow "Flow_ToEnd" has an unresolved reference <EndEvent_Missing>',
        },
      ]);
    });
  });

  describe('unknown extensions', () => {
    it('reads them with warnings, not errors', async () => {
      // given
      const xml = deployFixture('foreign-extensions.bpmn');

      // when
      const parsed = await parseBpmn(xml);

      // then
      expect(parsed.warnings).toEqual([
        'line 11, column 9: ignored unknown type <zeebe:FutureSetting>',
        'ignored extension element <acme:audit> on bpmn:ServiceTask "Task_Notify"',
      ]);
      expect(parsed.elementsById['Task_Notify'].extensionElements.values[0].type).toBe('notify-stakeholders');
    });
  });
});
