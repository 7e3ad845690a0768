import fs from 'node:fs';
import path from 'node:path';
import { ASSIGNEE, CANDIDATE_GROUPS, DUE_DATE, FORM_KEY, PROCESSES, ProcessScenario } from './scenario';

/** What the drafting department records in its research, by default: no symposium, expert review or hearing needed. */
const research = { enterpriseRelated: false };
const noChange = { substantialChange: false, comments: [{ content: '建议明确适用范围', decision: 'adopted' }] };

describe('research-deliberation (调研论证)', () => {
  let s: ProcessScenario;
  beforeEach(async () => {
    s = await ProcessScenario.start('research-deliberation');
  });
  afterEach(() => s.close());


  /** Runs the public comment stage: publish, let the period pass, dispose of the comments. */
  async function consult(periodEnds: string, disposal: Record<string, unknown> = noChange) {
    await s.complete('Task_PublishDraft', { commentNoticeUrl: 'https://www.shenyang.gov.cn/zmhd/yjzj/1' });
    s.moveClockTo(periodEnds);
    return s.complete('Task_Disposal', disposal);
  }

  it('the drafting department researches, publishes the draft for 15 days and disposes of every comment before the report is assembled', async () => {
    // given a policy that is neither enterprise-related nor needs expert review or a hearing
    await s.begin({ draftingDept: 'dept-commerce', urgent: false });

    // when
    const researchTask = await s.complete('Task_Research', research);
    const publish = await s.userTask('Task_PublishDraft');

    // then the research is the drafting department's, with its form
    expect(researchTask.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [FORM_KEY]: 'camunda-forms:bpmn:research-survey' });
    // and the comment period of 15 calendar days from Friday 27 November ends on Saturday 12 December → next working day, Monday 14 December
    expect(await s.variables()).toMatchObject({ commentDueDate: '2026-12-14T18:00:00+08:00' });
    expect(publish.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [FORM_KEY]: 'camunda-forms:bpmn:public-comment' });
    expect(['Task_Symposium', 'Task_ExpertMeeting', 'Task_HearingNotice'].filter((id) => s.reached(id))).toEqual([]);

    // when the period has not yet passed, no disposal task exists
    await s.t.engine.completeJob(publish.jobKey, {});
    s.moveClockTo('2026-12-14T09:00:00Z'); // 17:00 in Shenyang
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(s.reached('Task_Disposal')).toBe(false);

    // when it has passed
    s.moveClockTo('2026-12-14T10:05:00Z');
    const disposal = await s.complete('Task_Disposal', noChange);

    // then disposal is due 10 working days after the period: Monday 28 December
    expect(disposal.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: '2026-12-28T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:comment-disposal' });

    // when the report worker assembles the report and the department submits it
    const report = await s.completeJob('report', { researchReport: 'reports/1.pdf' });
    const submit = await s.complete('Task_SubmitReport', { reportVouched: true });

    // then
    expect(report.elementId).toBe('Task_Report');
    expect(submit.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [FORM_KEY]: 'camunda-forms:bpmn:research-report' });
    expect(await s.completed()).toMatchObject({ researchReport: 'reports/1.pdf', reportVouched: true });
  });

  it('an urgent policy is published for 7 days: due Friday 4 December', async () => {
    // given
    await s.begin({ draftingDept: 'dept-finance', urgent: true });

    // when
    await s.complete('Task_Research', research);
    await s.userTask('Task_PublishDraft');

    // then
    expect(await s.variables()).toMatchObject({ commentDueDate: '2026-12-04T18:00:00+08:00' });
  });

  it('an enterprise-related policy requires the symposium with enterprise, association and citizen representatives', async () => {
    // given
    await s.begin({ draftingDept: 'dept-industry', urgent: true });

    // when
    await s.complete('Task_Research', { enterpriseRelated: true });
    const symposium = await s.complete('Task_Symposium', { symposiumMinutes: '企业代表建议降低申报门槛' });

    // then
    expect(symposium.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-industry"]', [FORM_KEY]: 'camunda-forms:bpmn:symposium' });
    await s.userTask('Task_PublishDraft');
    expect(await s.variables()).toMatchObject({ symposiumMinutes: '企业代表建议降低申报门槛' });
  });

  it('a large fiscal outlay calls an expert review: a written opinion from each of 3 experts in parallel, then a cost–benefit analysis', async () => {
    // given
    await s.begin({ draftingDept: 'dept-finance', urgent: true });
    await s.complete('Task_Research', { ...research, largeFiscalCost: true });

    // when the department invites three experts
    const experts = ['expert-zhang', 'expert-li', 'expert-wang'];
    await s.complete('Task_ExpertMeeting', { experts });
    const opinions = [await s.userTask('Task_ExpertOpinion'), await s.userTask('Task_ExpertOpinion'), await s.userTask('Task_ExpertOpinion')];

    // then all three are open at once, one per expert
    expect(opinions.map((o) => o.headers[ASSIGNEE]).sort()).toEqual([...experts].sort());
    expect(opinions.map((o) => o.headers[FORM_KEY])).toEqual(Array(3).fill('camunda-forms:bpmn:expert-opinion'));

    // when they answer in reverse order
    for (const o of [...opinions].reverse()) {
      await s.t.engine.completeJob(o.jobKey, { expertOpinion: { expert: o.headers[ASSIGNEE], conclusion: 'approve', opinion: `${o.headers[ASSIGNEE]} 同意` } });
    }
    const costBenefit = await s.complete('Task_CostBenefit', { fiscalCost: 5000 });

    // then the opinions are collected in the order of the invited experts
    expect(costBenefit.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-finance"]', [FORM_KEY]: 'camunda-forms:bpmn:cost-benefit' });
    await s.userTask('Task_PublishDraft');
    expect((await s.variables()).expertOpinions).toEqual(experts.map((expert) => ({ expert, conclusion: 'approve', opinion: `${expert} 同意` })));
  });

  it('a technical policy without large fiscal cost gets the expert review but no cost–benefit analysis', async () => {
    // given
    await s.begin({ draftingDept: 'dept-science', urgent: true });
    await s.complete('Task_Research', { ...research, highlyTechnical: true });

    // when
    await s.complete('Task_ExpertMeeting', { experts: ['expert-zhao'] });
    await s.complete('Task_ExpertOpinion', { expertOpinion: { expert: 'expert-zhao', conclusion: 'approve', opinion: '可行' } });
    await s.userTask('Task_PublishDraft');

    // then
    expect(s.reached('Task_CostBenefit')).toBe(false);
    expect((await s.variables()).expertOpinions).toHaveLength(1);
  });

  it('a strong disagreement over vital interests calls a hearing, announced in advance and due at the announced time', async () => {
    // given
    await s.begin({ draftingDept: 'dept-housing', urgent: true });
    await s.complete('Task_Research', { ...research, vitalInterestsDisputed: true });

    // when
    const notice = await s.complete('Task_HearingNotice', { hearingAt: '2026-12-03T09:30:00+08:00', hearingPlace: '市政府第一会议室' });
    const hearing = await s.complete('Task_Hearing', { hearingRecord: '听证笔录' });

    // then
    expect(notice.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-housing"]', [FORM_KEY]: 'camunda-forms:bpmn:hearing-notice' });
    expect(hearing.headers).toMatchObject({ [DUE_DATE]: '2026-12-03T09:30:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:hearing' });
    await s.userTask('Task_PublishDraft');
  });

  it('a substantial change after disposal solicits comments again, with a new period counted from then', async () => {
    // given an urgent draft whose first round ends Friday 4 December
    await s.begin({ draftingDept: 'dept-commerce', urgent: true });
    await s.complete('Task_Research', research);

    // when the first round changes the draft substantially
    await consult('2026-12-05T01:00:00Z', { substantialChange: true, comments: [{ content: '删除第五条', decision: 'adopted' }] });

    // then a second round of 7 days from Saturday 5 December ends Saturday 12 December → Monday 14 December
    const secondRound = await s.userTask('Task_PublishDraft');
    expect(await s.variables()).toMatchObject({ commentDueDate: '2026-12-14T18:00:00+08:00' });

    // when the second round brings no substantial change
    await s.t.engine.completeJob(secondRound.jobKey, {});
    s.moveClockTo('2026-12-15T01:00:00Z');
    const secondDisposal = await s.complete('Task_Disposal', noChange);
    await s.completeJob('report');
    await s.complete('Task_SubmitReport', { reportVouched: true });

    // then
    expect(secondDisposal.headers[DUE_DATE]).toBe('2026-12-28T18:00:00+08:00');
    expect(await s.completed()).toMatchObject({ substantialChange: false });
  });

  it('reminds the drafting department a day before the disposal is due and escalates to the General Office once overdue, without closing the task', async () => {
    // given disposal due Monday 28 December 18:00
    await s.begin({ draftingDept: 'dept-commerce', urgent: false });
    await s.complete('Task_Research', research);
    await s.complete('Task_PublishDraft');
    s.moveClockTo('2026-12-15T01:00:00Z');
    const disposal = await s.userTask('Task_Disposal');

    // when a day before
    s.moveClockTo('2026-12-27T10:00:00Z');
    const reminder = await s.completeJob('notify');

    // then
    expect(reminder).toMatchObject({ elementId: 'Task_Remind' });
    expect(reminder.payload.customHeaders).toMatchObject({ template: 'stage-due-soon' });

    // when overdue
    s.moveClockTo('2026-12-28T10:01:00Z');
    const supervision = await s.complete('Task_Supervise', { progressReported: '已完成80%' });

    // then the General Office supervises and the department can still finish
    expect(supervision.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [FORM_KEY]: 'camunda-forms:bpmn:supervision' });
    await s.t.engine.completeJob(disposal.jobKey, noChange);
    await s.completeJob('report');
    await s.complete('Task_SubmitReport', { reportVouched: true });
    await s.completed();
  });

  it('every form the diagram links is a form-js schema in processes/forms with that id', () => {
    // given
    const diagram = fs.readFileSync(path.join(PROCESSES, 'research-deliberation.bpmn'), 'utf8');

    // when
    const formIds = [...new Set([...diagram.matchAll(/formId="([^"]+)"/g)].map((m) => m[1]))];

    // then
    expect(formIds.length).toBeGreaterThan(8);
    for (const id of formIds) {
      const form = JSON.parse(fs.readFileSync(path.join(PROCESSES, 'forms', `${id}.form`), 'utf8'));
      expect(form).toMatchObject({ id, type: 'default', schemaVersion: 16 });
      expect(form.components.length).toBeGreaterThan(1);
    }
  });
});
