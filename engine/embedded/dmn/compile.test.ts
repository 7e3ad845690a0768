import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileDmn, DmnRejection, MAX_DMN_BYTES } from './index';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../test/fixtures/dmn/${name}`, import.meta.url)), 'utf8');

async function rejectionOf(xml: string): Promise<DmnRejection> {
  const error = await compileDmn(xml).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DmnRejection);
  return error as DmnRejection;
}

const DMN = 'xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"';

function literalDecision(id: string, text: string, requires: string[] = []): string {
  const requirements = requires.map((required) => `<informationRequirement id="ir_${id}_${required}"><requiredDecision href="#${required}" /></informationRequirement>`);
  return `<decision id="${id}" name="${id}">${requirements.join('')}<variable id="v_${id}" name="${id}" /><literalExpression id="le_${id}"><text>${text}</text></literalExpression></decision>`;
}

describe('compileDmn', () => {
  it('lists every decision of a Modeler-written graph with the graph id', async () => {
    // given
    const xml = fixture('consultation-route.dmn');

    // when
    const drg = await compileDmn(xml);

    // then
    expect(drg.decisionRequirementsId).toBe('policyConsultation');
    expect(drg.name).toBe('Policy consultation');
    expect(drg.decisions).toEqual([
      { decisionId: 'fiscalImpact', name: 'Fiscal impact', decisionRequirementsId: 'policyConsultation' },
      { decisionId: 'consultationRoute', name: 'Which consultation route', decisionRequirementsId: 'policyConsultation' },
      { decisionId: 'commentDeadline', name: 'Comment deadline', decisionRequirementsId: 'policyConsultation' },
    ]);
  });

  it('refuses a DOCTYPE with an external entity before parsing', async () => {
    // given
    const xml = fixture('unsafe-entity.dmn');

    // when
    const rejection = await rejectionOf(xml);

    // then
    expect(rejection.problems).toEqual([expect.objectContaining({ code: 'XML_DOCTYPE' })]);
    expect(rejection.message).toContain('line 2');
  });

  it('refuses an ENTITY declaration even without a DOCTYPE keyword at the start', async () => {
    // given
    const xml = `<?xml version="1.0"?>\n<!ENTITY lol "lol"><definitions ${DMN} id="d" />`;

    // when
    const rejection = await rejectionOf(xml);

    // then
    expect(rejection.problems[0]).toMatchObject({ code: 'XML_DOCTYPE' });
  });

  it('refuses a resource larger than 5 MiB', async () => {
    // given
    const padding = `<!-- ${'x'.repeat(MAX_DMN_BYTES)} -->`;
    const xml = `<definitions ${DMN} id="big">${literalDecision('a', '1')}${padding}</definitions>`;

    // when
    const rejection = await rejectionOf(xml);

    // then
    expect(MAX_DMN_BYTES).toBe(5 * 1024 * 1024);
    expect(rejection.problems[0]).toMatchObject({ code: 'XML_TOO_LARGE' });
  });

  it('refuses malformed XML with its position', async () => {
    // given
    const xml = fixture('malformed.dmn');

    // when
    const rejection = await rejectionOf(xml);

    // then
    expect(rejection.problems).toEqual([{ code: 'XML_MALFORMED', message: 'line 8, column 7: malformed XML: closing tag mismatch' }]);
  });

  it('refuses a document whose root is not DMN 1.3 definitions', async () => {
    // given
    const bpmn = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="p" />';

    // when
    const rejection = await rejectionOf(bpmn);

    // then
    expect(rejection.problems[0]).toMatchObject({ code: 'NOT_DMN' });
  });

  it('refuses FEEL that does not parse, reporting every cell at fault as Zeebe does on deployment', async () => {
    // given
    const xml = fixture('invalid-feel.dmn');

    // when
    const rejection = await rejectionOf(xml);

    // then
    expect(rejection.problems).toHaveLength(2);
    expect(rejection.problems[0]).toMatchObject({ code: 'FEEL_SYNTAX', message: expect.stringContaining("rule 'Rule_brokenRoute_1' of decision 'brokenRoute'") });
    expect(rejection.problems[1]).toMatchObject({ code: 'FEEL_SYNTAX', message: expect.stringContaining(`'"public" +'`) });
  });

  it('refuses a required decision that does not exist and decisions that require each other', async () => {
    // given
    const xml = `<definitions ${DMN} id="d">${literalDecision('a', 'b', ['b'])}${literalDecision('b', 'a', ['a'])}${literalDecision('c', '1', ['missing'])}</definitions>`;

    // when
    const rejection = await rejectionOf(xml);

    // then
    expect(rejection.problems.map((problem) => problem.code).sort()).toEqual(['DMN_CYCLE', 'DMN_UNKNOWN_REQUIRED_DECISION']);
    expect(rejection.problems.find((problem) => problem.code === 'DMN_CYCLE')!.message).toContain('a → b → a');
  });

  it('refuses duplicate ids and unknown DMN elements', async () => {
    // given
    const xml = `<definitions ${DMN} id="d">${literalDecision('a', '1')}${literalDecision('a', '2')}<decison id="typo" /></definitions>`;

    // when
    const rejection = await rejectionOf(xml);

    // then
    expect(rejection.problems.map((problem) => problem.code)).toEqual(['DMN_DUPLICATE_ID', 'DMN_UNKNOWN_ELEMENT']);
    expect(rejection.problems[0]!.elementId).toBe('a');
  });

  it('refuses a decision without decision logic', async () => {
    // given
    const xml = `<definitions ${DMN} id="d"><decision id="empty" name="Empty" /></definitions>`;

    // when
    const rejection = await rejectionOf(xml);

    // then
    expect(rejection.problems).toEqual([expect.objectContaining({ elementId: 'empty', code: 'DMN_UNSUPPORTED_DECISION_LOGIC' })]);
  });
});
