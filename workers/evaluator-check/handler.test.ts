import type { Job, Variables } from '../../engine/port';
import type { Db } from '../../store/database';
import { evaluators } from '../../store/schema';
import { startTestEngine, T0, type TestEngine } from '../../test/support/engine-harness';
import { ProcessScenario } from '../../test/processes/scenario';
import { unreachableDatabase } from '../../test/workers/unreachable-database';
import { DAY } from '../../test/workers/records';
import { EVALUATOR_CHECK_TASK_TYPE, evaluatorCheckWorker } from './handler';

type EvaluatorInsert = typeof evaluators.$inferInsert;

/** The evaluator pool of the tests: one independent university, and evaluators that may not be commissioned. */
async function givenEvaluatorPool(db: Db): Promise<void> {
  const evaluator = (row: Partial<EvaluatorInsert> & { id: string; name: string }): EvaluatorInsert => ({
    kind: 'university',
    qualifications: '政策评估资质',
    relatedDepartments: [],
    independenceDeclaration: '本机构与被评估单位在机构、人员、经费上均无关联。',
    declaredAt: T0 - 90 * DAY,
    createdAt: T0 - 365 * DAY,
    ...row,
  });
  await db.insert(evaluators).values([
    evaluator({ id: 'eval-university', name: '某大学公共政策评估中心' }),
    evaluator({ id: 'eval-funded', name: '某咨询公司', kind: 'firm', relatedDepartments: ['dept-finance', 'dept-commerce'] }),
    evaluator({ id: 'eval-blacklisted', name: '某评估事务所', kind: 'intermediary', blacklistedAt: T0 - 30 * DAY, blacklistReason: '评估报告抄袭', blacklistedBy: 'user-office' }),
    evaluator({ id: 'eval-undeclared', name: '某研究院', kind: 'institute', independenceDeclaration: null, declaredAt: null }),
    evaluator({ id: 'eval-unqualified', name: '某社会组织', kind: 'social-organisation', qualifications: ' ' }),
  ]);
}

describe('evaluator-check worker in the third-party-evaluation diagram', () => {
  let s: ProcessScenario;

  beforeEach(async () => {
    s = await ProcessScenario.start('third-party-evaluation');
    s.t.engine.createWorker(evaluatorCheckWorker({ db: s.t.database.db }));
    await givenEvaluatorPool(s.t.database.db);
  });
  afterEach(() => s.close());

  it('an evaluator tied to the responsible department is not commissioned: the General Office selects again and an independent one is funded', async () => {
    // given the commerce bureau's policy is to be evaluated
    await s.begin({});
    await s.complete('Task_ProposeProject', { evaluationObject: '沈阳市促进民营经济发展若干政策措施', evaluationScope: '全市', evaluationContents: ['effects'], draftingDept: 'dept-commerce', projectBasis: '市政府领导批示' });
    await s.complete('Task_ApproveProject', { projectDecision: 'approved' });
    await s.complete('Task_ProcurementMethod', { procurementMethod: 'single-source', selectionConditions: '具备资质' });

    // when the General Office chooses a firm the commerce bureau funds
    await s.complete('Task_SelectEvaluator', { evaluatorId: 'eval-funded', evaluatorName: '某咨询公司' });
    const again = await s.userTask('Task_ProcurementMethod');

    // then it is not funded, and the General Office sees why
    expect(s.reached('Task_ConfirmFunding')).toBe(false);
    expect(await s.variables()).toMatchObject({ evaluatorEligible: false, evaluatorIneligibleReason: '某咨询公司与被评估部门（dept-commerce）在机构、人员或经费上存在关联，不具备独立性' });

    // when it chooses the independent university by invited tender
    await s.t.engine.completeJob(again.jobKey, { procurementMethod: 'invited-tender', selectionConditions: '具备资质' });
    await s.complete('Task_SelectEvaluator', { evaluatorId: 'eval-university', evaluatorName: '某大学公共政策评估中心' });
    const funding = await s.userTask('Task_ConfirmFunding');

    // then Finance funds it and the old reason is cleared
    expect(funding.elementId).toBe('Task_ConfirmFunding');
    expect(await s.variables()).toMatchObject({ evaluatorId: 'eval-university', evaluatorEligible: true, evaluatorIneligibleReason: null });
  }, 180_000);
});

describe('evaluator-check handler', () => {
  let t: TestEngine;
  let handler: ReturnType<typeof evaluatorCheckWorker>['handler'];
  let jobKey = 6000;

  beforeAll(async () => {
    t = await startTestEngine();
    await givenEvaluatorPool(t.database.db);
    handler = evaluatorCheckWorker({ db: t.database.db }).handler;
  });
  afterAll(() => t.close());

  const job = (variables: Variables, key = String(++jobKey)): Job => ({ key, type: EVALUATOR_CHECK_TASK_TYPE, retries: 3, variables }) as Job;

  it.each([
    ['an independent, declared, qualified evaluator', 'eval-university', true, null],
    ['an evaluator of another department’s circle', 'eval-funded', true, null],
    ['a blacklisted evaluator', 'eval-blacklisted', false, '某评估事务所已列入不再委托名单：评估报告抄袭'],
    ['an evaluator without independence declaration', 'eval-undeclared', false, '某研究院尚未作出独立性声明'],
    ['an evaluator without qualifications', 'eval-unqualified', false, '某社会组织缺少资质信息'],
    ['an evaluator outside the pool', 'eval-unknown', false, '评估机构 eval-unknown 不在第三方评估机构库中'],
  ])('%s (%s)', async (_, evaluatorId, eligible, reason) => {
    // when the industry bureau's policy is to be evaluated
    const outcome = await handler(job({ evaluatorId, draftingDept: 'dept-industry' }));

    // then
    expect(outcome).toEqual({ outcome: 'complete', variables: { evaluatorEligible: eligible, evaluatorIneligibleReason: reason } });
  });

  it('a retried job gives the same answer and changes nothing in the pool', async () => {
    // given
    const key = String(++jobKey);
    const before = await t.database.db.select().from(evaluators);

    // when
    const first = await handler(job({ evaluatorId: 'eval-funded', draftingDept: 'dept-finance' }, key));
    const again = await handler(job({ evaluatorId: 'eval-funded', draftingDept: 'dept-finance' }, key));

    // then
    expect(first).toMatchObject({ outcome: 'complete', variables: { evaluatorEligible: false } });
    expect(again).toEqual(first);
    expect(await t.database.db.select().from(evaluators)).toEqual(before);
  });

  it.each([
    ['no evaluator', { draftingDept: 'dept-commerce' }, 'evaluatorId: required'],
    ['a blank evaluator', { evaluatorId: ' ', draftingDept: 'dept-commerce' }, 'evaluatorId: required'],
    ['no responsible department', { evaluatorId: 'eval-university', draftingDept: null }, 'draftingDept: required'],
  ])('%s fails the job without retries, naming the problem', async (_, variables, problem) => {
    // when
    const outcome = await handler(job(variables));

    // then
    expect(outcome).toEqual({ outcome: 'fail', retries: 0, errorMessage: `invalid evaluator-check input: ${problem}` });
  });

  it('a database failure is retried with back-off', async () => {
    // given a database that went away
    const lost = await unreachableDatabase();
    const offline = evaluatorCheckWorker({ db: lost.db }).handler;

    // when
    const outcome = await offline(job({ evaluatorId: 'eval-university', draftingDept: 'dept-commerce' }));

    await lost.close();

    // then
    expect(outcome).toMatchObject({ outcome: 'fail', retries: 2, retryBackOff: 30_000, errorMessage: expect.stringMatching(/^evaluator-check: connect ECONNREFUSED/) });
  });
});
