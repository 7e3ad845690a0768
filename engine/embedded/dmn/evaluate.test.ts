import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileDmn, DecisionEvaluationError, type CompiledDrg } from './index';

const fixture = (name: string): Promise<CompiledDrg> =>
  compileDmn(readFileSync(fileURLToPath(new URL(`../../../test/fixtures/dmn/${name}`, import.meta.url)), 'utf8'));

function evaluationErrorOf(evaluation: () => unknown): DecisionEvaluationError {
  try {
    evaluation();
  } catch (error) {
    expect(error).toBeInstanceOf(DecisionEvaluationError);
    return error as DecisionEvaluationError;
  }
  throw new Error('expected the evaluation to fail');
}

describe('evaluating the consultation route graph', () => {
  let drg: CompiledDrg;
  beforeAll(async () => {
    drg = await fixture('consultation-route.dmn');
  });

  it('gives a context of both outputs for a UNIQUE table, using the required fiscal impact', () => {
    // given
    const draft = { affectsEnterprises: true, fiscalCost: 2_500_000, category: 'tax' };

    // when
    const route = drg.evaluate('consultationRoute', draft);

    // then
    expect(route).toEqual({ route: 'public', commentDays: 15 });
  });

  it('shortens the comment period to 7 days for urgent drafts without enterprise impact', () => {
    // given
    const draft = { affectsEnterprises: false, fiscalCost: 0, category: 'urgent' };

    // when
    const route = drg.evaluate('consultationRoute', draft);

    // then
    expect(route).toEqual({ route: 'internal', commentDays: 7 });
  });

  it('gives the bare value of a single-output table and null when nothing matches', () => {
    // given
    const medium = { fiscalCost: 250_000 };

    // when
    const impact = drg.evaluate('fiscalImpact', medium);
    const unmatched = drg.evaluate('consultationRoute', { affectsEnterprises: null, fiscalCost: 1, category: 'health' });

    // then
    expect(impact).toBe('medium');
    expect(unmatched).toBeNull();
  });

  it('evaluates a chain of required decisions and returns a date literal as ISO text', () => {
    // given
    const draft = { affectsEnterprises: true, fiscalCost: 50_000, category: 'health', publishedOn: '2024-05-01' };

    // when
    const deadline = drg.evaluate('commentDeadline', draft);

    // then
    expect(deadline).toBe('2024-05-16');
  });

  it('fails naming the decision and input when an input has the wrong type', () => {
    // given
    const draft = { affectsEnterprises: true, fiscalCost: 'a lot', category: 'tax' };

    // when
    const error = evaluationErrorOf(() => drg.evaluate('consultationRoute', draft));

    // then
    expect(error.failedDecisionId).toBe('fiscalImpact');
    expect(error.message).toBe(`failed to evaluate decision 'fiscalImpact' (Fiscal impact): input 'Fiscal cost' (fiscalCost): expected 'number' but found "a lot"`);
  });

  it('fails for a decision id that is not in the graph', () => {
    // when
    const error = evaluationErrorOf(() => drg.evaluate('consultationRout', {}));

    // then
    expect(error.message).toContain("no decision with id 'consultationRout'");
  });
});

describe('hit policies', () => {
  let drg: CompiledDrg;
  beforeAll(async () => {
    drg = await fixture('hit-policies.dmn');
  });
  const largeTaxDraft = { fiscalCost: 2_000_000, category: 'tax' };
  const smallDraft = { fiscalCost: 500, category: 'environment' };

  it('UNIQUE fails naming the rules when more than one matches', () => {
    // when
    const error = evaluationErrorOf(() => drg.evaluate('routeUnique', largeTaxDraft));

    // then
    expect(error.message).toContain("decision 'routeUnique'");
    expect(error.message).toContain("'Rule_routeUnique_1' (#1), 'Rule_routeUnique_2' (#2)");
  });

  it('FIRST gives the first matching rule in table order', () => {
    // when / then
    expect(drg.evaluate('routeFirst', largeTaxDraft)).toBe('public');
  });

  it('PRIORITY gives the match ranked highest by the output values list', () => {
    // when / then
    expect(drg.evaluate('routePriority', largeTaxDraft)).toBe('ministerial');
    expect(drg.evaluate('routePriority', smallDraft)).toBe('internal');
  });

  it('ANY accepts agreeing matches and fails on disagreeing ones', () => {
    // given
    const largeEnvironmentDraft = { fiscalCost: 2_000_000, category: 'environment' };

    // when
    const agreed = drg.evaluate('routeAny', largeEnvironmentDraft);
    const error = evaluationErrorOf(() => drg.evaluate('routeAny', largeTaxDraft));

    // then
    expect(agreed).toBe('public');
    expect(error.message).toContain('hit policy ANY');
  });

  it('RULE ORDER lists matches in rule order, OUTPUT ORDER by the output values list', () => {
    // when
    const ruleOrder = drg.evaluate('routeRuleOrder', largeTaxDraft);
    const outputOrder = drg.evaluate('routeOutputOrder', largeTaxDraft);

    // then
    expect(ruleOrder).toEqual(['public', 'ministerial']);
    expect(outputOrder).toEqual(['ministerial', 'public']);
  });

  it('multi-result policies give a list of contexts for several outputs and null without a match', () => {
    // when
    const periods = drg.evaluate('routeAndPeriod', largeTaxDraft);
    const none = drg.evaluate('routeAndPeriod', smallDraft);

    // then
    expect(periods).toEqual([
      { route: 'public', commentDays: 15 },
      { route: 'ministerial', commentDays: 7 },
    ]);
    expect(none).toBeNull();
  });

  it('fails naming the rule and output when an output entry has the wrong type', () => {
    // when
    const error = evaluationErrorOf(() => drg.evaluate('routeWithBadOutput', smallDraft));

    // then
    expect(error.message).toContain(`rule 'Rule_routeWithBadOutput_1' (#1), output 'commentDays': expected 'number' but found "fifteen"`);
  });
});

describe('COLLECT of reviewers', () => {
  let drg: CompiledDrg;
  beforeAll(async () => {
    drg = await fixture('reviewers.dmn');
  });
  const draft = { fiscalCost: 250_000, category: 'tax', affectsEnterprises: true };

  it('collects every matching reviewer, and reviewer with days as contexts', () => {
    // when
    const reviewers = drg.evaluate('reviewers', draft);
    const assignments = drg.evaluate('reviewAssignments', { ...draft, affectsEnterprises: false, category: 'health' });

    // then
    expect(reviewers).toEqual(['legal', 'finance', 'treasury', 'enterprise board']);
    expect(assignments).toEqual([
      { reviewer: 'legal', reviewDays: 5 },
      { reviewer: 'finance', reviewDays: 10 },
    ]);
  });

  it('aggregates review days with SUM, MIN, MAX and COUNT', () => {
    // when
    const aggregates = ['totalReviewDays', 'shortestReview', 'longestReview', 'reviewerCount'].map((id) => drg.evaluate(id, draft));

    // then
    expect(aggregates).toEqual([35, 5, 12, 4]);
  });

  it('fails to SUM outputs that are not numbers', () => {
    // when
    const error = evaluationErrorOf(() => drg.evaluate('reviewerNames', draft));

    // then
    expect(error.message).toContain(`COLLECT with SUM needs numbers, but rule 'Rule_reviewerNames_1' (#1) gave "legal"`);
  });
});

describe('literal expression decisions', () => {
  const xml = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="drafting" name="Drafting">
  <decision id="pageEstimate" name="Page estimate">
    <variable id="v_pages" name="pages" typeRef="number" />
    <literalExpression id="le_pages"><text>ceiling(wordCount / 400)</text></literalExpression>
  </decision>
  <decision id="translationDays" name="Translation days">
    <informationRequirement id="ir_pages"><requiredDecision href="#pageEstimate" /></informationRequirement>
    <variable id="v_days" name="translationDays" typeRef="number" />
    <literalExpression id="le_days"><text>pages * 2</text></literalExpression>
  </decision>
  <decision id="brokenFilter" name="Broken filter">
    <variable id="v_broken" name="brokenFilter" />
    <literalExpression id="le_broken"><text>upper case(title)</text></literalExpression>
  </decision>
</definitions>`;

  it('makes a required literal expression available under its variable name', async () => {
    // given
    const drg = await compileDmn(xml);

    // when
    const days = drg.evaluate('translationDays', { wordCount: 1000 });

    // then
    expect(days).toBe(6);
  });

  it('fails naming the decision when the variable type does not fit the value', async () => {
    // given
    const drg = await compileDmn(xml.replace('pages * 2', '"two days"'));

    // when
    const error = evaluationErrorOf(() => drg.evaluate('translationDays', { wordCount: 1000 }));

    // then
    expect(error.message).toBe(`failed to evaluate decision 'translationDays' (Translation days): literal expression: expected 'number' but found "two days"`);
  });

  it('gives null, like Zeebe, when a function gets an argument of the wrong type', async () => {
    // given
    const drg = await compileDmn(xml);

    // when
    const result = drg.evaluate('brokenFilter', { title: 42 });

    // then
    expect(result).toBeNull();
  });
});
