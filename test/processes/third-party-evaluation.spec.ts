import fs from 'node:fs';
import path from 'node:path';
import type { Variables } from '../../engine/port';
import { ASSIGNEE, CANDIDATE_GROUPS, DUE_DATE, FORM_KEY, NEW_YEAR_2027, PROCESSES, ProcessScenario, readForm, type UserTask } from './scenario';

/** What the General Office records when it proposes the project. */
const project = {
  evaluationObject: '沈阳市促进民营经济发展若干政策措施',
  evaluationScope: '2025年以来全市各地区、各部门落实情况',
  evaluationContents: ['implementation', 'effects', 'problems'],
  draftingDept: 'dept-commerce',
  projectBasis: '市政府领导批示',
};
const plan = { evaluationSteps: '准备、调研、分析、报告', evaluationStandards: '目标达成度', indicatorSystem: '三级指标体系', researchMethods: ['survey', 'field-research'] };
const information = { evaluationMaterials: '政策文本、落实台账', implementationStatus: '已兑现资金1.2亿元', implementationProblems: '申报流程繁琐', informationTruthful: true };
const report = { reportDocument: 'reports/evaluation-1.pdf', reportSummary: '总体落实较好', evaluatorRecommendation: 'amend', reportSigner: '张教授' };
const EVALUATOR = 'eval-org-1';
/** A whole regime is some 60 engine steps; on a busy 2-core machine one run took close to jest's default 60 s. */
const SCENARIO_TIMEOUT = 180_000;

/** The headers of a task for a group, or for the contracted evaluator organisation only (its id is its group, as a department's is). */
const forGroup = (group: string, due: string, form: string) => ({ [CANDIDATE_GROUPS]: `["${group}"]`, [DUE_DATE]: due, [FORM_KEY]: `camunda-forms:bpmn:${form}` });
const forEvaluator = (due: string, form: string) => forGroup(EVALUATOR, due, form);

describe('third-party-evaluation (第三方评估)', () => {
  let s: ProcessScenario;
  beforeEach(async () => {
    // the administrator has entered New Year 2027 (the bundled arrangement ends with 2026); the in-app notify worker runs
    s = await ProcessScenario.start('third-party-evaluation', { calendarOverrides: [NEW_YEAR_2027], notify: true });
  });
  afterEach(() => s.close());

  /** Project approved, evaluator chosen by `method` and found eligible, funded and contracted. */
  async function commission(reportDueDay: string, method = 'single-source'): Promise<void> {
    await s.begin({});
    await s.complete('Task_ProposeProject', project);
    await s.complete('Task_ApproveProject', { projectDecision: 'approved' });
    await s.complete('Task_ProcurementMethod', { procurementMethod: method, selectionConditions: '具备政策评估资质' });
    await s.complete('Task_SelectEvaluator', { evaluatorId: EVALUATOR, evaluatorName: '某大学公共政策评估中心' });
    await s.completeJob('evaluator-check', { evaluatorEligible: true, evaluatorIneligibleReason: null });
    await s.complete('Task_ConfirmFunding', { evaluationBudget: 300000, fundingSource: '市本级预算' });
    await s.complete('Task_SignContract', { contractNo: 'SYCG-2026-081', contractAmount: 298000, reportDueDay });
  }

  /** Plan drafted, opinions sought and approved; the responsible department supplies information. */
  async function planAndInform(): Promise<void> {
    await s.complete('Task_DraftPlan', plan);
    await s.complete('Task_PlanOpinions', { consultedParties: ['responsible-dept'], planOpinions: '同意' });
    await s.complete('Task_ApprovePlan', { planApproved: true });
    await s.complete('Task_SupplyInformation', information);
  }

  /** From the submitted report to the decision on how the results are used. */
  async function deliver(resultUse: string): Promise<void> {
    await s.complete('Task_Evaluate', report);
    await s.complete('Task_AcceptResults', { resultsAccepted: true });
    await s.complete('Task_Pay', { paymentAmount: 298000, paidOn: '2027-04-10', paymentVoucher: 'PZ-0412' });
    await s.complete('Task_ReportToGovernment', { workReport: '评估工作报告', reportedOn: '2027-04-15' });
    await s.complete('Task_DecideResultUse', { resultUse, resultUseReason: '依据评估结论' });
  }

  it('happy path: the General Office proposes, the city government approves, a procured and checked evaluator evaluates, the results are accepted, paid, reported and the policy continues', async () => {
    // given a project proposed on Friday 27 November: due 10 working days later, Friday 11 December
    await s.begin({});
    const propose = await s.userTask('Task_ProposeProject');
    expect(propose.headers).toMatchObject(forGroup('general-office', '2026-12-11T18:00:00+08:00', 'evaluation-project'));

    // when it is proposed on Monday 30 November, every following stage is due 10 working days later: Monday 14 December
    s.moveClockTo('2026-11-30T01:00:00Z');
    await s.t.engine.completeJob(propose.jobKey, project);
    const mon14 = '2026-12-14T18:00:00+08:00';
    const steps: Array<[string, Variables, Record<string, string>]> = [
      ['Task_ApproveProject', { projectDecision: 'approved' }, forGroup('leader', mon14, 'evaluation-project-approval')],
      ['Task_ProcurementMethod', { procurementMethod: 'single-source', selectionConditions: '唯一具备该领域数据的机构', singleSourceReason: '独家数据' }, forGroup('general-office', mon14, 'evaluation-procurement')],
      ['Task_SelectEvaluator', { evaluatorId: EVALUATOR, evaluatorName: '某大学公共政策评估中心', evaluatorType: 'university' }, forGroup('general-office', mon14, 'evaluation-selection')],
    ];
    for (const [id, variables, headers] of steps) expect((await s.complete(id, variables)).headers).toMatchObject(headers);
    const check = await s.completeJob('evaluator-check', { evaluatorEligible: true, evaluatorIneligibleReason: null });
    const funding = await s.complete('Task_ConfirmFunding', { evaluationBudget: 300000, fundingSource: '市本级预算' });

    // then the chosen evaluator is checked before anything is funded or signed, and Finance funds it
    expect(check.elementId).toBe('Task_CheckEvaluator');
    expect(funding.headers).toMatchObject(forGroup('finance', mon14, 'evaluation-funding'));

    // when the contract (report due Wednesday 31 March 2027) is signed on Monday 7 December
    s.moveClockTo('2026-12-07T01:00:00Z');
    const contract = await s.complete('Task_SignContract', { contractNo: 'SYCG-2026-081', contractAmount: 298000, reportDueDay: '2027-03-31' });
    const mon21 = '2026-12-21T18:00:00+08:00';
    const later: Array<[string, Variables, Record<string, string>]> = [
      ['Task_DraftPlan', plan, forEvaluator(mon21, 'evaluation-plan')],
      ['Task_PlanOpinions', { consultedParties: ['responsible-dept', 'experts'], planOpinions: '建议增加企业满意度指标，已采纳' }, forEvaluator(mon21, 'evaluation-plan-opinions')],
      ['Task_ApprovePlan', { planApproved: true }, forGroup('general-office', mon21, 'evaluation-plan-review')],
      ['Task_SupplyInformation', information, forGroup('dept-commerce', mon21, 'evaluation-information')],
      ['Task_Evaluate', report, forEvaluator('2027-03-31T18:00:00+08:00', 'evaluation-report')],
      ['Task_AcceptResults', { resultsAccepted: true }, forGroup('general-office', mon21, 'evaluation-acceptance')],
      ['Task_Pay', { paymentAmount: 298000, paidOn: '2026-12-15', paymentVoucher: 'PZ-0412' }, forGroup('finance', mon21, 'evaluation-payment')],
      ['Task_ReportToGovernment', { workReport: '评估工作报告', reportedOn: '2026-12-16' }, forGroup('general-office', mon21, 'evaluation-work-report')],
      ['Task_DecideResultUse', { resultUse: 'continue', resultUseReason: '达到预期目标' }, forGroup('general-office', mon21, 'evaluation-result-use')],
    ];
    const tasks: UserTask[] = [];
    for (const [id, variables, headers] of later) {
      const task = await s.complete(id, variables);
      expect(task.headers).toMatchObject(headers);
      tasks.push(task);
    }

    // then only the contracted evaluator sees its tasks, the others go to groups, and the plan stages run from the signing
    expect(contract.headers).toMatchObject(forGroup('general-office', mon14, 'evaluation-contract'));
    expect(tasks.filter((t) => t.headers[CANDIDATE_GROUPS] === `["${EVALUATOR}"]`).map((t) => t.elementId)).toEqual(['Task_DraftPlan', 'Task_PlanOpinions', 'Task_Evaluate']);
    expect(tasks.filter((t) => t.headers[ASSIGNEE] !== undefined)).toEqual([]);
    // and the record holds the procurement, the check, the contracted time and the decision
    expect(await s.completed()).toMatchObject({
      procurementMethod: 'single-source',
      evaluatorId: EVALUATOR,
      evaluatorEligible: true,
      evaluatorIneligibleReason: null,
      reportDueDate: '2027-03-31T18:00:00+08:00',
      evaluationRound: 1,
      resultUse: 'continue',
    });
    expect(['Task_Rework', 'Task_Improve', 'Task_AbolitionOpinion', 'Task_RemindEvaluator', 'Task_SuperviseReport', 'EndEvent_NotApproved'].filter((id) => s.reached(id))).toEqual([]);
    expect(s.reached('EndEvent_Continued')).toBe(true);
  }, SCENARIO_TIMEOUT);

  it('an open tender leaves 30 working days to select the evaluator; New Year 2027 (entered by the administrator, the bundled calendar stops at 2026) and the weekends do not count', async () => {
    // given a project approved on Friday 27 November, New Year's Day 2027 entered by the administrator (beforeEach)
    await s.begin({});
    await s.complete('Task_ProposeProject', project);
    await s.complete('Task_ApproveProject', { projectDecision: 'approved' });

    // when the General Office chooses an open tender on Friday 27 November
    await s.complete('Task_ProcurementMethod', { procurementMethod: 'open-tender', selectionConditions: '具备政策评估资质' });
    const selection = await s.userTask('Task_SelectEvaluator');

    // then 24 working days remain in 2026, 1 January is a holiday, and the 30th working day is Monday 11 January 2027
    expect(selection.headers).toMatchObject(forGroup('general-office', '2027-01-11T18:00:00+08:00', 'evaluation-selection'));

    // when the evaluator is chosen on Thursday 24 December
    s.moveClockTo('2026-12-24T01:00:00Z');
    await s.t.engine.completeJob(selection.jobKey, { evaluatorId: EVALUATOR, evaluatorName: '某研究院' });
    await s.completeJob('evaluator-check', { evaluatorEligible: true });
    const funding = await s.userTask('Task_ConfirmFunding');

    // then 10 working days run over Christmas week and New Year to Friday 8 January 2027
    expect(funding.headers[DUE_DATE]).toBe('2027-01-08T18:00:00+08:00');
    expect(await s.variables()).toMatchObject({ procurementMethod: 'open-tender', selectionDueDate: '2027-01-11T18:00:00+08:00' });
  }, SCENARIO_TIMEOUT);

  it('a project the city government does not approve ends without any evaluation', async () => {
    // given
    await s.begin({});
    await s.complete('Task_ProposeProject', project);

    // when
    await s.complete('Task_ApproveProject', { projectDecision: 'rejected', approvalComment: '已列入明年计划' });

    // then
    expect(await s.completed()).toMatchObject({ projectDecision: 'rejected' });
    expect(s.reached('EndEvent_NotApproved')).toBe(true);
    expect(s.reached('Task_ProcurementMethod')).toBe(false);
  }, SCENARIO_TIMEOUT);

  it('a project sent back for revision returns to the General Office and goes on once approved', async () => {
    // given
    await s.begin({});
    await s.complete('Task_ProposeProject', project);

    // when
    await s.complete('Task_ApproveProject', { projectDecision: 'revise', approvalComment: '评估范围应覆盖各区县' });
    const revised = await s.complete('Task_ProposeProject', { ...project, evaluationScope: '全市及各区、县（市）' });
    await s.complete('Task_ApproveProject', { projectDecision: 'approved' });

    // then
    expect(revised.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [FORM_KEY]: 'camunda-forms:bpmn:evaluation-project' });
    await s.userTask('Task_ProcurementMethod');
    expect(await s.variables()).toMatchObject({ evaluationScope: '全市及各区、县（市）', projectDecision: 'approved' });
  }, SCENARIO_TIMEOUT);

  it('an evaluator that is not independent or is blacklisted is not commissioned: the General Office selects again', async () => {
    // given
    await s.begin({});
    await s.complete('Task_ProposeProject', project);
    await s.complete('Task_ApproveProject', { projectDecision: 'approved' });
    await s.complete('Task_ProcurementMethod', { procurementMethod: 'single-source', selectionConditions: '具备资质' });
    await s.complete('Task_SelectEvaluator', { evaluatorId: 'eval-org-9', evaluatorName: '某咨询公司' });

    // when the check finds it dependent on the evaluated body
    const first = await s.completeJob('evaluator-check', { evaluatorEligible: false, evaluatorIneligibleReason: '与评估对象存在资金往来' });
    const again = await s.userTask('Task_ProcurementMethod');

    // then nothing is funded or signed and the General Office sees why
    expect(first.elementId).toBe('Task_CheckEvaluator');
    expect(again.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]' });
    expect(s.reached('Task_ConfirmFunding')).toBe(false);
    expect(await s.variables()).toMatchObject({ evaluatorEligible: false, evaluatorIneligibleReason: '与评估对象存在资金往来' });

    // when it chooses another evaluator by invited tender, which passes
    await s.t.engine.completeJob(again.jobKey, { procurementMethod: 'invited-tender', selectionConditions: '具备资质' });
    await s.complete('Task_SelectEvaluator', { evaluatorId: 'eval-org-2', evaluatorName: '某大学' });
    await s.completeJob('evaluator-check', { evaluatorEligible: true });
    const funding = await s.userTask('Task_ConfirmFunding');

    // then Finance funds the second one and the old reason is cleared
    expect(funding.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["finance"]' });
    expect(await s.variables()).toMatchObject({ evaluatorId: 'eval-org-2', procurementMethod: 'invited-tender', evaluatorEligible: true, evaluatorIneligibleReason: null });
  }, SCENARIO_TIMEOUT);

  it('a plan the General Office rejects goes back to the evaluator, and the revised plan is approved', async () => {
    // given
    await commission('2027-03-31');
    await s.complete('Task_DraftPlan', plan);
    await s.complete('Task_PlanOpinions', { consultedParties: ['experts'], planOpinions: '同意' });

    // when
    await s.complete('Task_ApprovePlan', { planApproved: false, planReviewComment: '指标体系缺少权重' });
    const revision = await s.complete('Task_DraftPlan', { ...plan, indicatorSystem: '三级指标体系（含权重）' });
    await s.complete('Task_PlanOpinions', { consultedParties: ['experts'], planOpinions: '同意' });
    await s.complete('Task_ApprovePlan', { planApproved: true });

    // then
    expect(revision.headers).toMatchObject(forEvaluator('2026-12-11T18:00:00+08:00', 'evaluation-plan'));
    const supply = await s.userTask('Task_SupplyInformation');
    expect(supply.headers).toMatchObject(forGroup('dept-commerce', '2026-12-11T18:00:00+08:00', 'evaluation-information'));
    expect(await s.variables()).toMatchObject({ planApproved: true, indicatorSystem: '三级指标体系（含权重）' });
  }, SCENARIO_TIMEOUT);

  it('a late report: the evaluator is reminded 5 days before, then the General Office is alerted and supervises while the evaluator can still submit', async () => {
    // given the real notify worker (in-app) and a report due Friday 18 December 18:00
    await commission('2026-12-18');
    await planAndInform();
    const evaluation = await s.userTask('Task_Evaluate');
    const reached = (id: string) => s.t.waitFor('element.completed', (e) => e.processInstanceKey === s.processInstanceKey && e.elementId === id);

    // when 5 days before (Sunday 13 December 18:00 in Shenyang)
    s.moveClockTo('2026-12-13T09:59:00Z');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(s.reached('Task_RemindEvaluator')).toBe(false);
    s.moveClockTo('2026-12-13T10:01:00Z');
    await reached('EndEvent_Reminded');

    // then the evaluator is reminded in its inbox
    expect(await s.notifications.forRecipient(EVALUATOR)).toEqual([
      expect.objectContaining({ title: `办理期限提醒：《${project.evaluationObject}》`, body: `文件《${project.evaluationObject}》的“提交评估报告”环节将于2026-12-18到期，请及时办理。` }),
    ]);

    // when the contracted time passes
    s.moveClockTo('2026-12-18T10:01:00Z');
    const supervision = await s.complete('Task_SuperviseReport', { supervisionProgress: '数据收集延误，承诺12月23日提交' });
    await reached('EndEvent_Supervised');

    // then the General Office is alerted and supervises within 5 working days (Friday 25 December)
    expect(supervision.headers).toMatchObject(forGroup('general-office', '2026-12-25T18:00:00+08:00', 'evaluation-supervision'));
    expect((await s.notifications.forRecipient('general-office')).map((n) => n.title)).toEqual([`逾期提示：《${project.evaluationObject}》提交评估报告`]);
    expect(await s.notifications.forRecipient(EVALUATOR)).toHaveLength(2);

    // when the evaluator submits late, the same task goes on to acceptance
    await s.t.engine.completeJob(evaluation.jobKey, report);
    await s.userTask('Task_AcceptResults');
    expect(s.t.events.some((e) => e.type === 'userTask.canceled' && e.payload.jobKey === evaluation.jobKey)).toBe(false);
  }, SCENARIO_TIMEOUT);

  it('results that do not meet the contract go back to the evaluator for rework before acceptance and payment', async () => {
    // given
    await commission('2027-03-31');
    await planAndInform();
    await s.complete('Task_Evaluate', report);

    // when
    await s.complete('Task_AcceptResults', { resultsAccepted: false, acceptanceComment: '缺少生态效益分析' });
    const rework = await s.complete('Task_Rework', { ...report, reportDocument: 'reports/evaluation-1-v2.pdf' });
    const second = await s.complete('Task_AcceptResults', { resultsAccepted: true });

    // then
    expect(rework.headers).toMatchObject(forEvaluator('2026-12-11T18:00:00+08:00', 'evaluation-report'));
    expect(second.headers).toMatchObject(forGroup('general-office', '2026-12-11T18:00:00+08:00', 'evaluation-acceptance'));
    await s.userTask('Task_Pay');
    expect(await s.variables()).toMatchObject({ resultsAccepted: true, reportDocument: 'reports/evaluation-1-v2.pdf' });
  }, SCENARIO_TIMEOUT);

  it('amend: the responsible department improves, the General Office supervises and a re-evaluation follows (execute → evaluate → improve → re-evaluate)', async () => {
    // given a first evaluation that recommends amending
    await commission('2027-03-31');
    await planAndInform();
    await deliver('amend');

    // when the department improves and the General Office arranges the re-evaluation, report due 30 June 2027
    const improve = await s.complete('Task_Improve', { amendmentOpinion: '简化申报流程', improvementMeasures: '推行免申即享' });
    const arrange = await s.complete('Task_ArrangeReEvaluation', { supervisionFindings: '已整改', reEvaluationScope: '申报流程', reportDueDay: '2027-06-30' });
    const supply = await s.complete('Task_SupplyInformation', { ...information, implementationStatus: '整改后落实情况' });
    const reEvaluation = await s.userTask('Task_Evaluate');

    // then the same evaluator re-evaluates by the new contracted day, without a new procurement
    expect(improve.headers).toMatchObject(forGroup('dept-commerce', '2026-12-11T18:00:00+08:00', 'evaluation-improvement'));
    expect(arrange.headers).toMatchObject(forGroup('general-office', '2026-12-11T18:00:00+08:00', 'evaluation-re-evaluation'));
    expect(supply.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]' });
    expect(reEvaluation.headers).toMatchObject(forEvaluator('2027-06-30T18:00:00+08:00', 'evaluation-report'));
    expect(await s.variables()).toMatchObject({ evaluationRound: 2, reportDueDate: '2027-06-30T18:00:00+08:00' });
    expect(s.t.events.filter((e) => e.processInstanceKey === s.processInstanceKey && e.type === 'job.created' && e.payload.type === 'evaluator-check')).toHaveLength(1);

    // when the re-evaluation finds the policy now works
    await s.t.engine.completeJob(reEvaluation.jobKey, { ...report, evaluatorRecommendation: 'continue' });
    await s.complete('Task_AcceptResults', { resultsAccepted: true });
    await s.complete('Task_Pay', { paymentAmount: 50000, paidOn: '2027-07-10', paymentVoucher: 'PZ-0711' });
    await s.complete('Task_ReportToGovernment', { workReport: '再评估工作报告', reportedOn: '2027-07-15' });
    await s.complete('Task_DecideResultUse', { resultUse: 'continue', resultUseReason: '整改到位' });

    // then
    expect(await s.completed()).toMatchObject({ evaluationRound: 2, resultUse: 'continue' });
  }, SCENARIO_TIMEOUT);

  it('abolish: the responsible department proposes abolition and the document is put into the next cleanup', async () => {
    // given
    await commission('2027-03-31');
    await planAndInform();

    // when
    await deliver('abolish');
    const opinion = await s.complete('Task_AbolitionOpinion', { abolitionKind: 'abolish', abolitionReason: '已被省级新政策涵盖' });
    const cleanup = await s.userTask('Task_ScheduleCleanup');

    // then the cleanup is requested and the General Office schedules it
    expect(opinion.headers).toMatchObject(forGroup('dept-commerce', '2026-12-11T18:00:00+08:00', 'evaluation-abolition'));
    expect(cleanup.headers).toMatchObject(forGroup('general-office', '2026-12-11T18:00:00+08:00', 'evaluation-cleanup'));
    expect(await s.variables()).toMatchObject({ cleanupRequested: true, resultUse: 'abolish' });
    await s.t.engine.completeJob(cleanup.jobKey, { cleanupCampaign: 'annual' });
    expect(await s.completed()).toMatchObject({ cleanupRequested: true, cleanupCampaign: 'annual' });
    expect(s.reached('EndEvent_CleanupRequested')).toBe(true);
    expect(s.reached('Task_Improve')).toBe(false);
  }, SCENARIO_TIMEOUT);

});

describe('third-party-evaluation (第三方评估): diagram and forms', () => {
  it('every user task has a candidate group, a due date and a form; the forms require what the regime requires', () => {
    // given
    const diagram = fs.readFileSync(path.join(PROCESSES, 'third-party-evaluation.bpmn'), 'utf8');
    const field = (id: string, key: string) => readForm(id).components.find((c) => c.key === key);

    // when
    const userTasks = [...diagram.matchAll(/<bpmn:userTask id="(\w+)"[\s\S]*?<\/bpmn:userTask>/g)];
    const dueVariables = new Set([...diagram.matchAll(/<zeebe:output source="=dueDate" target="(\w+)" \/>/g)].map((m) => m[1]));

    // then every due date comes from the deadline worker, except the contracted report time
    expect(userTasks).toHaveLength(21);
    for (const [xml] of userTasks) {
      expect(xml).toMatch(/candidateGroups="[^"]+"/);
      const due = /dueDate="=(\w+)"/.exec(xml)?.[1];
      expect(due === 'reportDueDate' || dueVariables.has(due)).toBe(true);
      const formId = /formId="([\w-]+)"/.exec(xml)![1]!;
      expect(readForm(formId)).toMatchObject({ id: formId, type: 'default', schemaVersion: 16 });
    }
    // and the choices the gateways test are the forms' values, every one required
    expect(field('evaluation-procurement', 'procurementMethod')).toMatchObject({ validate: { required: true }, values: [{ value: 'open-tender' }, { value: 'invited-tender' }, { value: 'single-source' }] });
    expect(field('evaluation-project-approval', 'projectDecision')).toMatchObject({ validate: { required: true }, values: [{ value: 'approved' }, { value: 'revise' }, { value: 'rejected' }] });
    expect(field('evaluation-result-use', 'resultUse')).toMatchObject({ validate: { required: true }, values: [{ value: 'continue' }, { value: 'amend' }, { value: 'abolish' }] });
    const required: Record<string, string[]> = {
      'evaluation-project': ['evaluationObject', 'evaluationScope', 'draftingDept'],
      'evaluation-contract': ['reportDueDay'],
      'evaluation-plan': ['evaluationSteps', 'evaluationStandards', 'indicatorSystem', 'researchMethods'],
      'evaluation-selection': ['evaluatorId'],
      'evaluation-information': ['evaluationMaterials', 'informationTruthful'],
      'evaluation-re-evaluation': ['reportDueDay'],
    };
    for (const [id, keys] of Object.entries(required)) for (const key of keys) expect([id, key, field(id, key)?.validate?.required]).toEqual([id, key, true]);
    // and the results belong to the commissioning party
    for (const id of ['evaluation-contract', 'evaluation-report', 'evaluation-acceptance']) expect(JSON.stringify(readForm(id))).toContain('评估成果所有权归委托方');
  });

  it('the diagram is drawn: every element and flow has finite coordinates, no two shapes overlap, the start is leftmost', () => {
    // given
    const diagram = fs.readFileSync(path.join(PROCESSES, 'third-party-evaluation.bpmn'), 'utf8');
    const bounds = /<bpmndi:BPMNShape id="\w+" bpmnElement="(\w+)"[^>]*><dc:Bounds x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"/g;
    const shapes = [...diagram.matchAll(bounds)].map(([, id, x, y, w, h]) => ({ id: id!, x: Number(x), y: Number(y), w: Number(w), h: Number(h) }));
    const boundaryEvents = new Set([...diagram.matchAll(/<bpmn:boundaryEvent id="(\w+)"/g)].map((m) => m[1]));
    const flowIds = [...diagram.matchAll(/<bpmn:sequenceFlow id="(\w+)"/g)].map((m) => m[1]!);

    // when
    const nodeIds = new Set([...diagram.matchAll(/(?:sourceRef|targetRef)="(\w+)"/g)].map((m) => m[1]!));
    const edges = flowIds.map((id) => new RegExp(`bpmnElement="${id}">((?:<di:waypoint [^>]+>)+)`).exec(diagram)?.[1] ?? '');
    const placed = shapes.filter((s) => !boundaryEvents.has(s.id));
    const overlapping = placed.flatMap((a, i) => placed.slice(i + 1).filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).map((b) => `${a.id}/${b.id}`));

    // then
    expect([...nodeIds].filter((id) => !shapes.some((s) => s.id === id))).toEqual([]);
    expect(shapes.every((s) => [s.x, s.y, s.w, s.h].every(Number.isFinite))).toBe(true);
    expect(edges.every((e) => e !== '' && [...e.matchAll(/"([^"]+)"/g)].every((m) => Number.isFinite(Number(m[1]))))).toBe(true);
    expect(overlapping).toEqual([]);
    expect(Math.min(...placed.map((s) => s.x))).toBe(shapes.find((s) => s.id === 'StartEvent_Started')!.x);
  });
});
