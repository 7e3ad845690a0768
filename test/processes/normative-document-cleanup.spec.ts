import { done, type Job, type Variables } from '../../engine/port';
import { CANDIDATE_GROUPS, DUE_DATE, FORM_KEY, linkedFormIds, ProcessScenario, readForm, type UserTask } from './scenario';

/** The catalogue of an ad-hoc campaign: three documents of two departments. */
const documents = [
  { documentId: '沈政发〔2015〕12号', title: '关于促进服务业发展的若干意见', department: 'dept-commerce' },
  { documentId: '沈政办发〔2016〕30号', title: '关于加强建筑市场管理的通知', department: 'dept-housing' },
  { documentId: '沈政发〔2017〕8号', title: '关于扩大对外开放的实施意见', department: 'dept-commerce' },
];

/** What a department proposes for each of the four classes (清理标准), with reasons and basis. */
const proposals = {
  abolish: { classification: 'abolish', reasons: '所依据的上级文件已废止', basis: '《国务院关于废止部分文件的决定》' },
  declareInvalid: { classification: 'declareInvalid', reasons: '适用期已过', basis: '文件第十条规定的执行期限至2020年底' },
  amend: { classification: 'amend', reasons: '部分内容与新修订的条例不一致', basis: '《辽宁省优化营商环境条例》', amendmentOpinion: '将第三条“审批”修改为“备案”' },
  remainsValid: { classification: 'remainsValid', reasons: '文件内容不存在问题', basis: '现行法律法规未作调整' },
} as const;
type ClassName = keyof typeof proposals;

const agree = { reviewResult: 'agree', reviewOpinion: '同意清理初审意见' };
const plan = { campaignId: '2026-专项', workPlan: '专项清理工作方案' };
const report = { reReviewConfirmed: true, cleanupReport: '清理情况报告', submissionOpinion: '建议审议通过' };
const approved = { meetingDecision: 'approved', meetingDate: '2027-01-12' };
const filing = (unit: string) => ({ filingDocumentNo: `${unit}〔2027〕1号`, cleanupResults: '清理结果', workSummary: '工作总结' });

const groups = (task: UserTask) => JSON.parse(task.headers[CANDIDATE_GROUPS]!) as string[];

describe('normative-document-cleanup (清理退出)', () => {
  let s: ProcessScenario;

  beforeEach(async () => {
    // the real notify worker, in-app channel: reminders and escalations land in the notifications table
    s = await ProcessScenario.start('normative-document-cleanup', { notify: true });
  });
  afterEach(() => s.close());

  /** An ad-hoc campaign whose documents come with the start; the General Office issues the plan. */
  async function startCampaign(docs: Variables[] = documents, planVariables: Variables = plan): Promise<UserTask> {
    await s.begin({ campaignId: '2026-专项', documents: docs });
    return s.complete('Task_IssuePlan', planVariables);
  }

  /** The proposal tasks of `count` documents, in catalogue order (parallel instances start in that order). */
  async function proposalTasks(count: number): Promise<UserTask[]> {
    const tasks: UserTask[] = [];
    for (let i = 0; i < count; i++) tasks.push(await s.userTask('Task_Propose'));
    return tasks;
  }

  /** Each document proposed as `classes[i]` and agreed by the Legal Affairs Office. */
  async function classifyAll(classes: ClassName[]): Promise<void> {
    const tasks = await proposalTasks(classes.length);
    for (const [i, task] of tasks.entries()) {
      await s.t.engine.completeJob(task.jobKey, proposals[classes[i]!]);
      await s.complete('Task_LegalReview', agree);
    }
  }

  /** Catches the `publish` job (its worker is built elsewhere) and completes it, keeping its inputs. */
  function publishJobs(fetchVariable = ['catalogue', 'campaignId']): Job[] {
    const jobs: Job[] = [];
    s.t.engine.createWorker({
      taskType: 'publish',
      fetchVariable,
      handler: (job) => {
        jobs.push(job);
        return done.complete({ catalogueUrl: 'https://www.shenyang.gov.cn/zwgk/qlml/1' });
      },
    });
    return jobs;
  }

  async function published(): Promise<void> {
    await s.t.waitFor('job.completed', (e) => e.processInstanceKey === s.processInstanceKey && e.elementId === 'Task_PublishCatalogue');
  }

  async function notified(elementId: string): Promise<void> {
    await s.t.waitFor('job.completed', (e) => e.processInstanceKey === s.processInstanceKey && e.elementId === elementId);
  }

  it('the yearly timer starts the central cleanup on 1 December 2026 at 09:00 Beijing time with the General Office issuing the plan', async () => {
    // given the diagram deployed on Friday 27 November
    const yearly = (e: { bpmnProcessId?: string }) => e.bpmnProcessId === 'normative-document-cleanup';

    // when the clock reaches 08:59 on 1 December
    s.moveClockTo('2026-12-01T00:59:00Z');
    await new Promise((resolve) => setTimeout(resolve, 200));

    // then no campaign has started
    expect(s.t.events.filter((e) => e.type === 'processInstance.created' && yearly(e))).toEqual([]);

    // when it reaches 09:00
    s.moveClockTo('2026-12-01T01:00:00Z');
    const created = await s.t.waitFor('processInstance.created', yearly);
    s.processInstanceKey = created.processInstanceKey!;
    const planTask = await s.complete('Task_IssuePlan', {
      campaignId: '2026年度集中清理',
      workPlan: '年度清理工作方案',
      documents: documents.slice(0, 2),
      districts: [{ unit: 'district-heping' }],
    });

    // then the General Office issues the plan within 5 working days: Tuesday 8 December
    expect(s.reached('StartEvent_Yearly')).toBe(true);
    expect(planTask.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [DUE_DATE]: '2026-12-08T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:cleanup-work-plan' });
    // and each department gets its document, due 10 working days after the plan: Tuesday 15 December
    const tasks = await proposalTasks(2);
    expect(tasks.map(groups)).toEqual([['dept-commerce'], ['dept-housing']]);
    expect(tasks.map((t) => t.headers[DUE_DATE])).toEqual(['2026-12-15T18:00:00+08:00', '2026-12-15T18:00:00+08:00']);
    // and the training runs alongside, due 5 working days after the plan
    const training = await s.userTask('Task_Training');
    expect(training.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office","legal-office"]', [DUE_DATE]: '2026-12-08T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:cleanup-training' });
  });

  it('an ad-hoc campaign with 3 documents of 2 departments gives each department one task per document, due 10 working days after the plan', async () => {
    // given an ad-hoc campaign started on Friday 27 November

    // when the General Office issues the plan the same day
    const planTask = await startCampaign();
    const tasks = await proposalTasks(3);
    const training = await s.userTask('Task_Training');

    // then the plan was due in 5 working days, Friday 4 December
    expect(planTask.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [DUE_DATE]: '2026-12-04T18:00:00+08:00' });
    // and every document is its own department's task, due Friday 11 December
    expect(tasks.map(groups)).toEqual([['dept-commerce'], ['dept-housing'], ['dept-commerce']]);
    for (const task of tasks) {
      expect(task.headers).toMatchObject({ [DUE_DATE]: '2026-12-11T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:cleanup-proposal' });
    }
    // and the General Office trains the staff with the Legal Affairs Office meanwhile
    expect(groups(training)).toEqual(['general-office', 'legal-office']);
    expect(s.reached('Task_Report')).toBe(false);
  });

  it.each(Object.keys(proposals) as ClassName[])('a proposal to %s goes to the Legal Affairs Office and is recorded in classifications', async (cls) => {
    // given a one-document campaign
    const jobs = publishJobs();
    await startCampaign([documents[1]!]);

    // when the department proposes the class and the Legal Affairs Office agrees
    await s.complete('Task_Propose', proposals[cls]);
    const review = await s.complete('Task_LegalReview', agree);
    await s.complete('Task_Training', { trainingDate: '2026-12-02' });
    await s.complete('Task_Report', report);
    await s.complete('Task_ExecutiveMeeting', approved);
    await published();

    // then the review is the Legal Affairs Office's, due 5 working days after the proposal
    expect(review.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["legal-office"]', [DUE_DATE]: '2026-12-04T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:cleanup-legal-review' });
    // and the class is recorded with its reasons, basis and review opinion
    expect((await s.variables()).classifications).toEqual([{ ...documents[1], amendmentOpinion: null, ...proposals[cls], reviewOpinion: agree.reviewOpinion }]);
    // and only a document that remains valid is in the published catalogue
    const catalogue = cls === 'remainsValid' ? [documents[1]] : [];
    expect(jobs.map((j) => j.variables)).toEqual([{ catalogue, campaignId: '2026-专项' }]);
  });

  it('a whole campaign: the catalogue input holds exactly the documents that remain valid, then departments and districts file their results', async () => {
    // given five documents of three departments, and a district named in the task table
    const docs = [
      ...documents,
      { documentId: '沈政办发〔2018〕3号', title: '关于规范行政事业性收费的通知', department: 'dept-finance' },
      { documentId: '沈政发〔2019〕21号', title: '关于加快人才引进的若干政策', department: 'dept-housing' },
    ];
    const jobs = publishJobs(['catalogue', 'campaignId', 'classifications']);
    await startCampaign(docs, { ...plan, districts: [{ unit: 'district-heping' }] });

    // when each is classified, the report approved and the catalogue published
    await classifyAll(['remainsValid', 'abolish', 'amend', 'remainsValid', 'declareInvalid']);
    await s.complete('Task_Training', { trainingDate: '2026-12-02' });
    const reportTask = await s.complete('Task_Report', report);
    const meeting = await s.complete('Task_ExecutiveMeeting', approved);
    await published();

    // then the General Office reports and the executive meeting deliberates
    expect(reportTask.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [DUE_DATE]: '2026-12-04T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:cleanup-report' });
    expect(meeting.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["leader"]', [DUE_DATE]: '2026-12-11T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:cleanup-executive-meeting' });
    // and the publish job receives the remains-valid documents only, in catalogue order
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.variables).toMatchObject({ campaignId: '2026-专项', catalogue: [docs[0], docs[3]] });
    // and with every classification, so that the abolished and invalidated ones leave the catalogue
    expect((jobs[0]!.variables.classifications as Variables[]).map((c) => [c.documentId, c.classification])).toEqual(
      docs.map((d, i) => [d.documentId, ['remainsValid', 'abolish', 'amend', 'remainsValid', 'declareInvalid'][i]]),
    );

    // when every department of the catalogue and the district file their results
    const filings = [await s.userTask('Task_File'), await s.userTask('Task_File'), await s.userTask('Task_File'), await s.userTask('Task_File')];
    for (const task of filings) await s.t.engine.completeJob(task.jobKey, filing(groups(task)[0]!));
    const result = await s.completed();

    // then each unit filed once, due 10 working days after publication
    expect(filings.map(groups).flat()).toEqual(['dept-commerce', 'dept-housing', 'dept-finance', 'district-heping']);
    expect(filings.map((t) => t.headers[DUE_DATE])).toEqual(Array(4).fill('2026-12-11T18:00:00+08:00'));
    expect(filings[0]!.headers[FORM_KEY]).toBe('camunda-forms:bpmn:cleanup-filing');
    expect(result.filings).toEqual(['dept-commerce', 'dept-housing', 'dept-finance', 'district-heping'].map((unit) => ({ unit, documentNo: `${unit}〔2027〕1号`, results: '清理结果', summary: '工作总结' })));
    expect((result.classifications as Variables[]).map((c) => c.classification)).toEqual(['remainsValid', 'abolish', 'amend', 'remainsValid', 'declareInvalid']);
  });

  it('a proposal to amend without a written amendment opinion goes back to the department with the same due date', async () => {
    // given
    await startCampaign([documents[0]!]);
    const { amendmentOpinion, ...withoutOpinion } = proposals.amend;

    // when the task is completed through the API without the opinion, then with a blank one
    await s.complete('Task_Propose', withoutOpinion);
    const again = await s.complete('Task_Propose', { ...withoutOpinion, amendmentOpinion: '   ' });
    const third = await s.userTask('Task_Propose');

    // then it is back with the department each time and nothing reached the Legal Affairs Office
    expect(again.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-commerce"]', [DUE_DATE]: '2026-12-11T18:00:00+08:00' });
    expect(third.headers[DUE_DATE]).toBe('2026-12-11T18:00:00+08:00');
    expect(s.reached('Task_LegalReview')).toBe(false);

    // when the department writes the opinion
    await s.t.engine.completeJob(third.jobKey, { ...withoutOpinion, amendmentOpinion });

    // then the proposal goes on to the review
    await s.userTask('Task_LegalReview');
  });

  it('a proposal without reasons or basis goes back to the department', async () => {
    // given
    await startCampaign([documents[0]!]);

    // when
    await s.complete('Task_Propose', { classification: 'remainsValid', reasons: '文件内容不存在问题' });
    await s.complete('Task_Propose', { classification: 'repealed', reasons: '理由', basis: '依据' });
    await s.complete('Task_Propose', proposals.remainsValid);

    // then only the complete proposal reached the review
    await s.userTask('Task_LegalReview');
    expect(s.t.events.filter((e) => e.type === 'userTask.created' && e.processInstanceKey === s.processInstanceKey && e.elementId === 'Task_Propose')).toHaveLength(3);
  });

  it('the Legal Affairs Office disagrees: back to the department with the opinion and 5 working days to resubmit', async () => {
    // given a department proposing that its document remains valid
    await startCampaign([documents[1]!, documents[0]!]);
    const [housing, commerce] = await proposalTasks(2);
    await s.t.engine.completeJob(housing!.jobKey, proposals.remainsValid);
    const housingReview = await s.userTask('Task_LegalReview');
    await s.t.engine.completeJob(commerce!.jobKey, proposals.abolish);
    const commerceReview = await s.userTask('Task_LegalReview');

    // when the Legal Affairs Office disagrees with the housing proposal on Tuesday 1 December
    s.moveClockTo('2026-12-01T02:00:00Z');
    await s.t.engine.completeJob(housingReview.jobKey, { reviewResult: 'disagree', reviewOpinion: '所依据的条例已修订，应予以修改' });
    await s.t.engine.completeJob(commerceReview.jobKey, agree);
    const returned = await s.userTask('Task_Propose');

    // then the housing department has it back, due 5 working days later: Tuesday 8 December
    expect(returned.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["dept-housing"]', [DUE_DATE]: '2026-12-08T18:00:00+08:00', [FORM_KEY]: 'camunda-forms:bpmn:cleanup-proposal' });
    expect(s.reached('Task_Report')).toBe(false);

    // when it resubmits as amend and the Legal Affairs Office agrees
    await s.t.engine.completeJob(returned.jobKey, proposals.amend);
    const secondReview = await s.complete('Task_LegalReview', { reviewResult: 'agree', reviewOpinion: '同意予以修改' });
    await s.complete('Task_Training', { trainingDate: '2026-12-02' });
    await s.userTask('Task_Report');

    // then the second review is due 5 working days after the resubmission, and the final opinions are recorded
    expect(secondReview.headers[DUE_DATE]).toBe('2026-12-08T18:00:00+08:00');
    expect(await s.variables()).toMatchObject({
      classifications: [
        { documentId: documents[1]!.documentId, classification: 'amend', amendmentOpinion: proposals.amend.amendmentOpinion, reviewOpinion: '同意予以修改' },
        { documentId: documents[0]!.documentId, classification: 'abolish', reviewOpinion: agree.reviewOpinion },
      ],
    });
  });

  it('the executive meeting does not approve: back to the General Office, nothing published until it approves', async () => {
    // given
    const jobs = publishJobs();
    await startCampaign([documents[0]!]);
    await classifyAll(['remainsValid']);
    await s.complete('Task_Training', { trainingDate: '2026-12-02' });
    await s.complete('Task_Report', report);

    // when the meeting sends the report back
    await s.complete('Task_ExecutiveMeeting', { meetingDecision: 'rejected', meetingDate: '2026-12-03', meetingOpinion: '补充清理依据' });
    const again = await s.userTask('Task_Report');

    // then the General Office reworks the report and nothing is published
    expect(again.headers).toMatchObject({ [CANDIDATE_GROUPS]: '["general-office"]', [FORM_KEY]: 'camunda-forms:bpmn:cleanup-report' });
    expect(s.reached('Task_PublishCatalogue')).toBe(false);
    expect(jobs).toEqual([]);

    // when the reworked report is approved
    await s.t.engine.completeJob(again.jobKey, report);
    await s.complete('Task_ExecutiveMeeting', approved);
    await published();

    // then the catalogue is published once
    expect(jobs.map((j) => j.variables.catalogue)).toEqual([[documents[0]]]);
  });

  it('reminds a late department the day before, escalates to the General Office once overdue, and the task stays open', async () => {
    // given commerce on time and housing not yet, both due Friday 11 December 18:00
    await startCampaign([documents[0]!, documents[1]!]);
    await s.complete('Task_Training', { trainingDate: '2026-11-30' });
    const [commerce, housing] = await proposalTasks(2);
    await s.t.engine.completeJob(commerce!.jobKey, proposals.remainsValid);
    await s.complete('Task_LegalReview', agree);

    // when a day before the due date
    s.moveClockTo('2026-12-10T10:00:01Z');
    await notified('Task_NotifyProposalDueSoon');

    // then the housing department is reminded
    const reminders = await s.notifications.forRecipient('dept-housing');
    expect(reminders.map((n) => n.body)).toEqual([`文件《${documents[1]!.title}》的“提出清理初审意见”环节将于2026-12-11 18:00到期，请及时办理。`]);
    expect(await s.notifications.forRecipient('dept-commerce')).toEqual([]);

    // when the due date passes
    s.moveClockTo('2026-12-11T10:00:01Z');
    await notified('Task_NotifyProposalOverdue');

    // then the General Office (and the department) are told, about the housing document only
    const overdue = `文件《${documents[1]!.title}》的“提出清理初审意见”环节已于2026-12-11 18:00到期，目前仍未办结，请尽快处理并说明原因。`;
    const toOffice = (await s.notifications.forRecipient('general-office')).filter((n) => n.body.includes('提出清理初审意见'));
    expect(toOffice.map((n) => n.body)).toEqual([overdue]);
    expect((await s.notifications.forRecipient('dept-housing')).map((n) => n.body)).toContain(overdue);

    // when the department completes late
    await s.t.engine.completeJob(housing!.jobKey, proposals.abolish);

    // then the proposal still goes to the review
    await s.userTask('Task_LegalReview');
    expect(s.reached('Task_NotifyReviewOverdue')).toBe(false);
  });
});

describe('normative-document-cleanup forms', () => {
  it('links only form-js schemas in processes/forms; the proposal form requires the amendment opinion exactly for amend', () => {
    // given
    const formIds = linkedFormIds('normative-document-cleanup');

    // when
    const proposal = readForm('cleanup-proposal');
    const field = (key: string) => proposal.components.find((c) => c.key === key);

    // then
    expect(formIds.sort()).toEqual(['cleanup-executive-meeting', 'cleanup-filing', 'cleanup-legal-review', 'cleanup-proposal', 'cleanup-report', 'cleanup-training', 'cleanup-work-plan']);
    for (const id of formIds) expect(readForm(id)).toMatchObject({ id, type: 'default', schemaVersion: 16 });
    expect(field('classification')?.values?.map((v) => v.value)).toEqual(Object.keys(proposals));
    expect(field('classification')?.validate).toEqual({ required: true });
    expect(field('reasons')?.validate).toEqual({ required: true });
    expect(field('basis')?.validate).toEqual({ required: true });
    expect(field('amendmentOpinion')).toMatchObject({ conditional: { hide: '=classification != "amend"' }, validate: { required: true } });
  });
});
