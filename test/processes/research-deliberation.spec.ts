import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateFormData, type FormSchema } from '../../api/form-validation';
import { ResearchReportRepository } from '../../store/research-report.repository';
import { reportWorker } from '../../workers/report/handler';
import { givenDocument } from '../workers/records';
import { ASSIGNEE, CANDIDATE_GROUPS, DUE_DATE, FORM_KEY, linkedFormIds, NEW_YEAR_2027, PROCESSES, ProcessScenario, readForm } from './scenario';

const TITLE = '关于进一步促进外贸稳增长的若干措施';
/** What the drafting department records in its research, by default: no symposium, expert review or hearing needed. */
const research = { enterpriseRelated: false };
const noChange = { substantialChange: false, comments: [{ content: '建议明确适用范围', decision: 'adopted' }] };

describe('research-deliberation (调研论证)', () => {
  let s: ProcessScenario;
  beforeEach(async () => {
    // the administrator has entered New Year 2027 (the bundled arrangement ends with 2026); the in-app notify worker runs
    s = await ProcessScenario.start('research-deliberation', { calendarOverrides: [NEW_YEAR_2027], notify: true });
  });
  afterEach(() => s.close());

  /** Starts an instance for `draftingDept` on the document TITLE. */
  const begin = (draftingDept: string, variables: Record<string, unknown> = {}) => s.begin({ documentTitle: TITLE, draftingDept, urgent: false, ...variables });

  /** Completes the next publication of the draft and waits until its comment period runs (it counts from the day of publication). */
  async function publishDraft() {
    const since = s.t.events.at(-1)?.position ?? -1;
    const task = await s.complete('Task_PublishDraft', { commentNoticeUrl: 'https://www.shenyang.gov.cn/zmhd/yjzj/1' });
    await s.t.waitFor('element.activated', (e) => e.processInstanceKey === s.processInstanceKey && e.elementId === 'Event_CommentPeriodOver' && e.position > since);
    return task;
  }

  it('the drafting department researches, publishes the draft for 15 days and disposes of every comment before the report is assembled, each stage with its due date', async () => {
    // given a policy that is neither enterprise-related nor needs expert review or a hearing, started Friday 27 November
    await begin('dept-commerce');

    // when
    const researchTask = await s.complete('Task_Research', research);
    const publish = await publishDraft();

    // then research is the drafting department's, due 20 working days later (the default), with its form
    expect(researchTask.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: '2026-12-25T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:research-survey' });
    // and the draft is to be published within 2 working days
    expect(publish.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: '2026-12-01T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:public-comment' });
    expect(['Task_Symposium', 'Task_ExpertMeeting', 'Task_HearingNotice'].filter((id) => s.reached(id))).toEqual([]);

    // and, published the same day, 15 calendar days from Friday 27 November end on Saturday 12 December → next working day, Monday 14 December
    expect(await s.variables()).toMatchObject({ commentDueDate: '2026-12-14T18:00:00+08:00' });

    // when the period has not yet passed, no disposal task exists
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

    // then the report is due 5 working days after Monday 14 December: Monday 21 December
    expect(report.elementId).toBe('Task_Report');
    expect(submit.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: '2026-12-21T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:research-report' });
    expect(await s.completed()).toMatchObject({ researchReport: 'reports/1.pdf', reportVouched: true });
  });

  it('an urgent policy is published for 7 days: due Friday 4 December', async () => {
    // given
    await begin('dept-finance', { urgent: true });

    // when
    await s.complete('Task_Research', research);
    await publishDraft();

    // then
    expect(await s.variables()).toMatchObject({ commentDueDate: '2026-12-04T18:00:00+08:00' });
  });

  it('an administrator-set period replaces the default and counts past New Year 2027: 30 working days of research fall due Monday 11 January', async () => {
    // given
    await begin('dept-commerce', { stageWorkingDays: { research: 30 } });

    // when
    const researchTask = await s.userTask('Task_Research');

    // then 1 January (元旦) is not counted
    expect(researchTask.headers[DUE_DATE]).toBe('2027-01-11T18:00:00+08:00');
    expect((await s.variables()).stageWorkingDays).toMatchObject({ research: 30, disposal: 10, publish: 2 });
  });

  it('an enterprise-related policy requires the symposium with enterprise, association and citizen representatives', async () => {
    // given
    await begin('dept-industry', { urgent: true });

    // when
    await s.complete('Task_Research', { enterpriseRelated: true });
    const symposium = await s.complete('Task_Symposium', { symposiumMinutes: '企业代表建议降低申报门槛' });

    // then it is due 10 working days later
    expect(symposium.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-industry"]', [DUE_DATE]: '2026-12-11T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:symposium' });
    await s.userTask('Task_PublishDraft');
    expect(await s.variables()).toMatchObject({ symposiumMinutes: '企业代表建议降低申报门槛' });
  });

  it('a large fiscal outlay calls an expert review: a written opinion from each of 3 experts in parallel, then a cost–benefit analysis', async () => {
    // given
    await begin('dept-finance', { urgent: true });
    await s.complete('Task_Research', { ...research, largeFiscalCost: true });

    // when the department invites three experts
    const experts = ['expert-zhang', 'expert-li', 'expert-wang'];
    const meeting = await s.complete('Task_ExpertMeeting', { experts });
    const opinions = [await s.userTask('Task_ExpertOpinion'), await s.userTask('Task_ExpertOpinion'), await s.userTask('Task_ExpertOpinion')];

    // then all three are open at once, one per expert, all due 5 working days later
    expect(meeting.headers[DUE_DATE]).toBe('2026-12-11T18:00:00+08:00');
    expect(opinions.map((o) => o.headers[ASSIGNEE]).sort()).toEqual([...experts].sort());
    expect(opinions.map((o) => [o.headers[FORM_KEY], o.headers[DUE_DATE]])).toEqual(Array(3).fill(['camunda-forms:bpmn:expert-opinion', '2026-12-04T18:00:00+08:00']));

    // when they answer in reverse order
    for (const o of [...opinions].reverse()) {
      await s.t.engine.completeJob(o.jobKey, { expertOpinion: { expert: o.headers[ASSIGNEE], conclusion: 'approve', opinion: `${o.headers[ASSIGNEE]} 同意` } });
    }
    const costBenefit = await s.complete('Task_CostBenefit', { fiscalCost: 5000 });

    // then the opinions are collected in the order of the invited experts
    expect(costBenefit.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-finance"]', [DUE_DATE]: '2026-12-11T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:cost-benefit' });
    await s.userTask('Task_PublishDraft');
    expect((await s.variables()).expertOpinions).toEqual(experts.map((expert) => ({ expert, conclusion: 'approve', opinion: `${expert} 同意` })));
  });

  it('a technical policy without large fiscal cost gets the expert review but no cost–benefit analysis', async () => {
    // given
    await begin('dept-science', { urgent: true });
    await s.complete('Task_Research', { ...research, highlyTechnical: true });

    // when
    await s.complete('Task_ExpertMeeting', { experts: ['expert-zhao'] });
    await s.complete('Task_ExpertOpinion', { expertOpinion: { expert: 'expert-zhao', conclusion: 'approve', opinion: '可行' } });
    await s.userTask('Task_PublishDraft');

    // then
    expect(s.reached('Task_CostBenefit')).toBe(false);
    expect((await s.variables()).expertOpinions).toHaveLength(1);
  });

  it('a strong disagreement over vital interests calls a hearing, announced in advance; its record is due 2 working days after the hearing, New Year not counted', async () => {
    // given
    await begin('dept-housing', { urgent: true });
    await s.complete('Task_Research', { ...research, vitalInterestsDisputed: true });

    // when the hearing is announced for Thursday 31 December
    const notice = await s.complete('Task_HearingNotice', { hearingAt: '2026-12-31T09:30:00+08:00', hearingPlace: '市政府第一会议室' });
    const hearing = await s.complete('Task_Hearing', { hearingRecord: '听证笔录' });

    // then the notice is due in 5 working days, the record on Tuesday 5 January (1 January is 元旦, 2–3 the weekend)
    expect(notice.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-housing"]', [DUE_DATE]: '2026-12-04T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:hearing-notice' });
    expect(hearing.headers).toMatchObject({ [DUE_DATE]: '2027-01-05T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:hearing' });
    await s.userTask('Task_PublishDraft');
  });

  it('a substantial change after disposal solicits comments again, with a new period counted from the new publication', async () => {
    // given an urgent draft whose first round ends Friday 4 December
    await begin('dept-commerce', { urgent: true });
    await s.complete('Task_Research', research);

    // when the first round changes the draft substantially
    await publishDraft();
    s.moveClockTo('2026-12-05T01:00:00Z');
    await s.complete('Task_Disposal', { substantialChange: true, comments: [{ content: '删除第五条', decision: 'adopted' }] });
    const secondRound = await publishDraft();
    s.moveClockTo('2026-12-15T01:00:00Z');
    const secondDisposal = await s.complete('Task_Disposal', noChange);
    await s.completeJob('report');
    await s.complete('Task_SubmitReport', { reportVouched: true });

    // then the second publication (Saturday 5 December) is due Tuesday 8 December, its 7 days end Saturday 12 → Monday 14 December
    expect(secondRound.headers[DUE_DATE]).toBe('2026-12-08T18:00:00+08:00');
    expect(secondDisposal.headers[DUE_DATE]).toBe('2026-12-28T18:00:00+08:00');
    expect(await s.completed()).toMatchObject({ substantialChange: false, commentDueDate: '2026-12-14T18:00:00+08:00' });
  });

  it('reminds the drafting department a day before its research is due and tells the General Office once it is overdue, without closing the task', async () => {
    // given research due Friday 25 December 18:00
    await begin('dept-commerce');
    const task = await s.userTask('Task_Research');

    // when the clock reaches Thursday 24 December 18:00 in Shenyang
    s.moveClockTo('2026-12-24T10:00:00Z');
    await s.notified('Task_ResearchRemind');

    // then the department has the reminder in its inbox, the General Office nothing yet
    expect(await s.notifications.forRecipient('dept-commerce')).toEqual([
      expect.objectContaining({ title: `办理期限提醒：《${TITLE}》`, body: `文件《${TITLE}》的“成立专题调研组开展调研”环节将于2026-12-25 18:00到期，请及时办理。` }),
    ]);
    expect(await s.notifications.forRecipient('general-office')).toEqual([]);

    // when Friday 25 December 18:00 has passed
    s.moveClockTo('2026-12-25T10:00:01Z');
    await s.notified('Task_ResearchOverdueNotice');

    // then the General Office and the department are told the stage is overdue, and the department can still finish it
    expect(await s.notifications.forRecipient('general-office')).toEqual([expect.objectContaining({ title: `逾期提示：《${TITLE}》成立专题调研组开展调研` })]);
    expect(await s.notifications.forRecipient('dept-commerce')).toHaveLength(2);
    await s.t.engine.completeJob(task.jobKey, research);
    await s.userTask('Task_PublishDraft');
  });

  it('reminds the drafting department a day before the disposal is due and escalates to the General Office once overdue, without closing the task', async () => {
    // given disposal due Monday 28 December 18:00
    await begin('dept-commerce');
    await s.complete('Task_Research', research);
    await publishDraft();
    s.moveClockTo('2026-12-15T01:00:00Z');
    const disposal = await s.userTask('Task_Disposal');

    // when a day before
    s.moveClockTo('2026-12-27T10:00:00Z');
    await s.notified('Task_DisposalRemind');

    // then
    expect((await s.notifications.forRecipient('dept-commerce')).map((n) => n.body)).toEqual([`文件《${TITLE}》的“意见归类整理、研究分析并采纳”环节将于2026-12-28 18:00到期，请及时办理。`]);

    // when overdue
    s.moveClockTo('2026-12-28T10:01:00Z');
    const supervision = await s.complete('Task_Supervise', { progressReported: '已完成80%' });

    // then the General Office supervises within 3 working days and the department can still finish
    expect(supervision.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [DUE_DATE]: '2026-12-31T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:supervision' });
    await s.t.engine.completeJob(disposal.jobKey, noChange);
    await s.completeJob('report');
    await s.complete('Task_SubmitReport', { reportVouched: true });
    await s.completed();
  });
});

describe('research-deliberation: the research report (调研论证报告)', () => {
  let s: ProcessScenario;
  let reports: ResearchReportRepository;
  let dir: string;
  beforeEach(async () => {
    // the real report worker runs; the draft is a registered document
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-flow-reports-'));
    s = await ProcessScenario.start('research-deliberation', { workers: (t) => [reportWorker({ reports: new ResearchReportRepository(t.database.db), reportsDir: dir, clock: t.clock })] });
    reports = new ResearchReportRepository(s.t.database.db);
    await givenDocument(s.t.database.db, { id: 'doc-trade', title: TITLE, draftingDept: 'dept-commerce' });
  });
  afterEach(async () => {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Research recording `legalBasis`, 15 days of public comment, then the disposal with `disposal`; returns the assembled report's HTML. */
  async function reportAfter(legalBasis: string, disposal: Record<string, unknown>): Promise<string> {
    await s.begin({ documentId: 'doc-trade', documentTitle: TITLE, draftingDept: 'dept-commerce', urgent: false });
    await s.complete('Task_Research', { ...research, legalBasis });
    await s.complete('Task_PublishDraft', { commentNoticeUrl: 'https://www.shenyang.gov.cn/zmhd/yjzj/1' });
    await s.t.waitFor('element.activated', (e) => e.processInstanceKey === s.processInstanceKey && e.elementId === 'Event_CommentPeriodOver');
    s.moveClockTo('2026-12-14T10:05:00Z');
    await s.complete('Task_Disposal', { ...noChange, ...disposal });
    await s.userTask('Task_SubmitReport');
    const [report] = await reports.forDocument('doc-trade');
    return report!.html;
  }

  /** The text of the report between two headings. */
  const section = (html: string, from: string, to: string) => html.slice(html.indexOf(from), html.indexOf(to, html.indexOf(from)));

  it('lists the references the drafting department entered with its disposal, one per line, without the empty lines, and the excerpts of the legal and policy bases', async () => {
    // when the department enters two references (with a blank line and stray spaces) and two excerpts
    const html = await reportAfter('《中华人民共和国对外贸易法》', {
      reportReferences: '  商务部《中国对外贸易形势报告（2026年秋季）》\r\n\n   \n辽宁省统计局《2026年前三季度全省外贸运行情况》  ',
      legalBasisExcerpts: '《中华人民共和国对外贸易法》第五十一条：国家采取措施促进对外贸易发展。\n《辽宁省人民政府关于促进外贸稳增长的实施意见》第三条',
    });

    // then section 三（五） lists exactly the two references
    const references = section(html, '（五）参考资料', '</ul>');
    expect(references).toContain('<li>商务部《中国对外贸易形势报告（2026年秋季）》</li>');
    expect(references).toContain('<li>辽宁省统计局《2026年前三季度全省外贸运行情况》</li>');
    expect(references.match(/<li>/g)).toHaveLength(2);
    // and section 二 the excerpts, which replace the bare list recorded during research
    const excerpts = section(html, '二、主要依据摘录', '三、相关证明材料');
    expect(excerpts).toContain('<li>《中华人民共和国对外贸易法》第五十一条：国家采取措施促进对外贸易发展。</li>');
    expect(excerpts).toContain('<li>《辽宁省人民政府关于促进外贸稳增长的实施意见》第三条</li>');
    expect(excerpts).not.toContain('<li>《中华人民共和国对外贸易法》</li>');
  });

  it('without excerpts the report lists the bases recorded during research, and without references says none were recorded', async () => {
    // when the department leaves both report fields blank
    const html = await reportAfter('《中华人民共和国对外贸易法》\n《辽宁省人民政府关于促进外贸稳增长的实施意见》', { legalBasisExcerpts: '  ', reportReferences: '' });

    // then
    const excerpts = section(html, '二、主要依据摘录', '三、相关证明材料');
    expect(excerpts).toContain('<li>《中华人民共和国对外贸易法》</li>');
    expect(excerpts).toContain('<li>《辽宁省人民政府关于促进外贸稳增长的实施意见》</li>');
    expect(section(html, '（五）参考资料', '</body>')).toContain('（未记录）');
  });
});

describe('research-deliberation without the administrator\'s New Year 2027', () => {
  it('counts Friday 1 January 2027 as a working day, since the bundled calendar ends with 2026: the same 30 working days of research would fall due Friday 8 January', async () => {
    // given a server started before 元旦 2027 was entered
    const s = await ProcessScenario.start('research-deliberation');
    try {
      // when
      await s.begin({ documentTitle: TITLE, draftingDept: 'dept-commerce', urgent: false, stageWorkingDays: { research: 30 } });
      const researchTask = await s.userTask('Task_Research');

      // then the due date is one working day earlier than with the override (Monday 11 January, asserted above)
      expect(researchTask.headers[DUE_DATE]).toBe('2027-01-08T18:00:00+08:00');
    } finally {
      await s.close();
    }
  });
});

describe('research-deliberation forms', () => {
  it('the disposal form takes the report\'s excerpts and references as optional free text', () => {
    // given the form as the inbox validates it on completion
    const form = JSON.parse(fs.readFileSync(path.join(PROCESSES, 'forms', 'comment-disposal.form'), 'utf8')) as FormSchema;

    const disposed = { substantialChange: false, comments: [{ content: '建议明确适用范围', category: 'provision', decision: 'adopted' }] };

    // when
    const withMaterial = validateFormData(form, { ...disposed, legalBasisExcerpts: '《中华人民共和国对外贸易法》第五十一条', reportReferences: '参考资料一\n参考资料二' }, {});
    const without = validateFormData(form, disposed, {});

    // then
    expect(withMaterial).toEqual([]);
    expect(without).toEqual([]);
    expect(readForm('comment-disposal').components.map((c) => c.key)).toEqual(expect.arrayContaining(['legalBasisExcerpts', 'reportReferences']));
  });

  it('every form the diagram links is a form-js schema in processes/forms with that id', () => {
    // given the diagram, when its linked forms are read
    const forms = linkedFormIds('research-deliberation').map((id) => ({ id, form: readForm(id) }));

    // then
    expect(forms).toHaveLength(11);
    for (const { id, form } of forms) {
      expect(form).toMatchObject({ id, type: 'default', schemaVersion: 16 });
      expect(form.components.length).toBeGreaterThan(1);
    }
  });
});
