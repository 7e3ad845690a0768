import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { RECORDERS, recordFromTask, type CompletedTask } from '../../../api/task-records';
import type { Principal } from '../../../domain/principal';
import { cleanupCampaigns, cleanupItems, comments, evaluationProjects, expertOpinions, meetings, tasks } from '../../../store/schema';
import { startTestApi, type TestApi } from '../../support/api-harness';
import { as, draftDocument, tokensFor, STARTUP_MS, type Person } from './support';

const DAY = 24 * 3600_000;
const FORMS = path.resolve(process.cwd(), 'processes/forms');

/** The keys of a form file, dynamic-list paths included. */
function formKeys(formId: string): string[] {
  const keys: string[] = [];
  const walk = (components: Array<{ key?: string; path?: string; components?: unknown[] }> = []) => {
    for (const c of components) {
      if (c.key) keys.push(c.key);
      if (c.path) keys.push(c.path);
      walk(c.components as never);
    }
  };
  walk(JSON.parse(fs.readFileSync(path.join(FORMS, `${formId}.form`), 'utf8')).components);
  return keys;
}

describe('records from completed tasks (recordFromTask)', () => {
  let api: TestApi;
  let tokens: Record<Person, string>;
  let documentId: string;
  let taskNumber = 1000;
  const drafter: Principal = { id: 'user-drafter', username: 'user-drafter', name: 'Name of drafter', roles: ['drafting-dept'], departmentId: 'dept-commerce', groups: ['drafting-dept', 'dept-commerce'] };
  const task = (formId: string | null, extra: Partial<CompletedTask> = {}): CompletedTask => ({
    id: String((taskNumber += 1)),
    elementId: 'Task_X',
    formId,
    bpmnProcessId: 'research-deliberation',
    processInstanceKey: '2251799813685249',
    documentId,
    variables: { documentId, draftingDept: 'dept-commerce', documentTitle: '外贸措施' },
    ...extra,
  });
  const record = (t: CompletedTask, variables: Record<string, unknown>, principal: Principal = drafter) => recordFromTask(api.ctx, t, variables, principal);
  const cst = (days: number) => new Date(api.clock.now() + days * DAY + 8 * 3600_000).toISOString().slice(0, 16);

  beforeAll(async () => {
    api = await startTestApi();
    tokens = await tokensFor(api);
    documentId = (await draftDocument(api, tokens.drafter)).id;
  }, STARTUP_MS);
  afterAll(() => api.close());

  it('has a form file for every recorder, with the fields the recorders read', () => {
    // given: the fields each recorder reads (a renamed field in a form must fail here)
    const read: Record<string, string[]> = {
      symposium: ['symposiumAt', 'symposiumPlace', 'symposiumParticipants', 'symposiumMinutes', 'symposiumAdoption'],
      'expert-review-meeting': ['expertReviewAt', 'expertReviewSubject', 'experts', 'professionalBody', 'expertReviewMinutes'],
      'expert-opinion': ['expertOpinion.conclusion', 'expertOpinion.opinion'],
      'hearing-notice': ['hearingAt', 'hearingPlace', 'hearingSubject', 'hearingChair', 'hearingParticipantSelection', 'hearingNoticeUrl'],
      hearing: ['hearingRecord', 'hearingMainViews'],
      'comment-disposal': ['comments', 'content', 'source', 'category', 'decision', 'reason'],
      'cleanup-work-plan': ['campaignId', 'documents', 'documentId', 'department'],
      'cleanup-proposal': ['classification', 'reasons', 'basis', 'amendmentOpinion'],
      'cleanup-legal-review': ['reviewResult', 'reviewOpinion'],
      'cleanup-report': ['cleanupReport'],
      'cleanup-executive-meeting': ['meetingDecision'],
      'evaluation-project': ['evaluationObject', 'evaluationScope', 'draftingDept'],
      'evaluation-project-approval': ['projectDecision'],
      'evaluation-procurement': ['procurementMethod'],
      'evaluation-selection': ['evaluatorId'],
      'evaluation-contract': ['contractNo', 'contractAmount', 'contractSignedOn', 'reportDueDay'],
      'evaluation-plan': ['evaluationSteps', 'evaluationStandards', 'indicatorSystem', 'researchMethods'],
      'evaluation-plan-review': ['planApproved'],
      'evaluation-report': ['reportDocument', 'reportSummary', 'evaluatorRecommendation', 'reportSigner'],
      'evaluation-acceptance': ['resultsAccepted'],
      'evaluation-payment': ['paidOn'],
      'evaluation-result-use': ['resultUse'],
    };

    // then
    expect(Object.keys(read).sort()).toEqual(Object.keys(RECORDERS).sort());
    for (const [formId, fields] of Object.entries(read)) expect([formId, formKeys(formId)]).toEqual([formId, expect.arrayContaining(fields)]);
  });

  it('records a symposium with its participants and minutes, once per task', async () => {
    // given
    const t = task('symposium');
    const form = { symposiumAt: cst(-1), symposiumPlace: '商务局会议室', symposiumParticipants: '李四（企业）、王五（协会）\n陈六（市民）', symposiumMinutes: '会议记录', symposiumAdoption: '已吸纳两条' };

    // when
    await record(t, form);
    await record(t, form);

    // then
    const rows = (await api.database.db.select().from(meetings)).filter((m) => m.kind === 'symposium');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ documentId, subject: '《外贸措施》座谈会', place: '商务局会议室', processInstanceKey: '2251799813685249', minutes: '会议记录\n\n意见建议的研究和吸纳情况：\n已吸纳两条' });
    expect(rows[0]!.participants.map((p) => p.name)).toEqual(['李四（企业）', '王五（协会）', '陈六（市民）']);
  });

  it('records an expert review and one written opinion per expert task, idempotently', async () => {
    // given
    await record(task('expert-review-meeting'), { expertReviewAt: cst(-1), expertReviewSubject: '合法性论证', experts: ['赵教授', '钱研究员'], professionalBody: '某律师事务所', expertReviewMinutes: '论证记录' });
    const opinionTask = task('expert-opinion', { variables: { documentId, expert: '赵教授' } });

    // when
    await record(opinionTask, { expertOpinion: { conclusion: 'approveWithChanges', opinion: '建议细化第五条' } }, { ...drafter, id: 'user-zhao', name: '赵' });
    await record(opinionTask, { expertOpinion: { conclusion: 'approveWithChanges', opinion: '建议细化第五条' } }, { ...drafter, id: 'user-zhao', name: '赵' });
    await record(task('expert-opinion', { variables: { documentId, expert: '钱研究员' } }), { 'expertOpinion.conclusion': 'approve', 'expertOpinion.opinion': '同意' });

    // then
    const review = (await api.database.db.select().from(meetings)).find((m) => m.kind === 'expert-review')!;
    expect(review.participants).toEqual([{ name: '赵教授', role: 'expert' }, { name: '钱研究员', role: 'expert' }, { name: '某律师事务所', role: 'professional-body' }]);
    const opinions = await api.database.db.select().from(expertOpinions);
    expect(opinions.map((o) => [o.expertName, o.opinion, o.meetingId])).toEqual([
      ['赵教授', '【修改后同意】建议细化第五条', review.id],
      ['钱研究员', '【同意】同意', review.id],
    ]);
    expect(opinions[0]).toMatchObject({ expertUserId: 'user-zhao', taskId: opinionTask.id });
  });

  it('records a hearing announced before it is held, then its minutes; a notice for a past time is refused', async () => {
    // when
    const past = await record(task('hearing-notice'), { hearingAt: cst(-1), hearingPlace: '听证室', hearingSubject: '补贴标准', hearingChair: '市法制办', hearingParticipantSelection: '公开报名、随机抽取', hearingNoticeUrl: 'https://www.shenyang.gov.cn/tz/1' }).catch((e: Error) => e);
    await record(task('hearing-notice'), { hearingAt: cst(10), hearingPlace: '听证室', hearingSubject: '补贴标准', hearingChair: '市法制办', hearingParticipantSelection: '公开报名、随机抽取', hearingNoticeUrl: 'https://www.shenyang.gov.cn/tz/1' });
    const early = await record(task('hearing', { variables: { documentId, hearingNoticeUrl: 'https://www.shenyang.gov.cn/tz/1', hearingParticipantSelection: '公开报名、随机抽取' } }), { hearingRecord: '记录', hearingMainViews: '观点' }).catch((e: Error) => e);
    api.clock.advance(11 * DAY);
    await record(task('hearing', { variables: { documentId, hearingNoticeUrl: 'https://www.shenyang.gov.cn/tz/1', hearingParticipantSelection: '公开报名、随机抽取' } }), { hearingRecord: '听证记录全文', hearingMainViews: '多数支持' });

    // then
    expect(past).toMatchObject({ code: 'HEARING_NOT_ANNOUNCED' });
    expect(early).toMatchObject({ code: 'MEETING_NOT_HELD' });
    const hearings = (await api.database.db.select().from(meetings)).filter((m) => m.kind === 'hearing');
    expect(hearings).toHaveLength(1);
    expect(hearings[0]!.announcedAt).toBeLessThan(hearings[0]!.heldAt);
    expect(hearings[0]).toMatchObject({ chair: '市法制办', subject: '补贴标准', minutes: '听证公告：https://www.shenyang.gov.cn/tz/1\n\n听证参加人遴选：\n公开报名、随机抽取\n\n听证记录：\n听证记录全文\n\n主要观点：\n多数支持' });
  });

  it('records the dispositions of the comments; a rejection without a reason refuses the task and changes nothing', async () => {
    // given: a round with two public comments
    const document = await draftDocument(api, tokens.drafter, { title: '征求意见的文件' });
    const round = await as(api, tokens.drafter).post(`/api/documents/${document.id}/consultations`).send({ summary: '说明' }).expect(201);
    for (const content of ['延长补贴期限', '取消门槛']) {
      await request(api.app).post(`/api/public/consultations/${round.body.id}/comments`).set('X-Forwarded-For', '192.0.2.1').send({ content }).expect(201);
    }
    const t = task('comment-disposal', { documentId: document.id, variables: { documentId: document.id } });
    const items: Array<Record<string, string>> = [
      { content: '延长补贴期限', category: 'provision', decision: 'adopted' },
      { content: '取消门槛', category: 'feasibility', decision: 'rejected' },
      { content: '座谈会上提出：简化申报', source: '座谈会', category: 'other', decision: 'partlyAdopted' },
    ];

    // when
    const refused = await record(t, { comments: items, substantialChange: false }).catch((e: Error) => e);
    const before = await as(api, tokens.drafter).get(`/api/consultations/${round.body.id}/comments`);
    items[1] = { ...items[1]!, reason: '门槛为上位法规定' };
    await record(t, { comments: items, substantialChange: false });
    await record(t, { comments: items, substantialChange: false });

    // then
    expect(refused).toMatchObject({ code: 'REASON_REQUIRED', issues: [{ field: 'comments.1.reason' }] });
    expect(before.body.items.every((c: { disposition: string | null }) => c.disposition === null)).toBe(true);
    const after = await as(api, tokens.drafter).get(`/api/consultations/${round.body.id}/comments`);
    const decided = after.body.items.map((c: { content: string; disposition: string; dispositionReason: string | null; authorName: string | null }) => [c.content, c.disposition, c.dispositionReason, c.authorName]);
    expect(decided).toHaveLength(3);
    expect(decided).toEqual(
      expect.arrayContaining([
        ['延长补贴期限', 'adopted', null, null],
        ['取消门槛', 'rejected', '门槛为上位法规定', null],
        ['座谈会上提出：简化申报', 'partially-adopted', null, '座谈会'],
      ]),
    );
  });

  it('records a cleanup from the work plan through proposals, legal review and approval', async () => {
    // given: the yearly campaign, started by the timer without a campaignId
    const cleanup = (formId: string, variables: Record<string, unknown>, documentId: string | null = null) =>
      task(formId, { bpmnProcessId: 'normative-document-cleanup', processInstanceKey: '2251799813690000', documentId, variables });

    // when
    await record(cleanup('cleanup-work-plan', {}), { campaignId: 'QL-2026', workPlan: '方案', documents: [{ documentId: 'doc-old-1', title: '旧文件', department: 'dept-commerce' }, { documentId: 'doc-old-2', title: '另一件', department: 'dept-industry' }] }, { ...drafter, id: 'user-office', roles: ['general-office'] });
    const noOpinion = await record(cleanup('cleanup-proposal', { campaignId: 'QL-2026', document: { department: 'dept-commerce' } }, 'doc-old-1'), { classification: 'amend', reasons: '部分不适应', basis: '依据' }).catch((e: Error) => e);
    await record(cleanup('cleanup-proposal', { campaignId: 'QL-2026', document: { department: 'dept-commerce' } }, 'doc-old-1'), { classification: 'amend', reasons: '部分不适应', basis: '依据', amendmentOpinion: '修改第二条' });
    await record(cleanup('cleanup-proposal', { campaignId: 'QL-2026' }, 'doc-old-2'), { classification: 'remainsValid', reasons: '无问题', basis: '依据' }, { ...drafter, departmentId: 'dept-industry' });
    await record(cleanup('cleanup-legal-review', { campaignId: 'QL-2026' }, 'doc-old-1'), { reviewResult: 'agree', reviewOpinion: '同意修改' });
    await record(cleanup('cleanup-report', { campaignId: 'QL-2026' }), { cleanupReport: '清理情况报告', reReviewConfirmed: true, submissionOpinion: '送审' });
    await record(cleanup('cleanup-executive-meeting', { campaignId: 'QL-2026' }), { meetingDate: cst(0), meetingDecision: 'approved', meetingOpinion: '通过' });

    // then
    expect(noOpinion).toMatchObject({ code: 'AMENDMENT_OPINION_REQUIRED' });
    const [campaign] = await api.database.db.select().from(cleanupCampaigns);
    expect(campaign).toMatchObject({ id: 'QL-2026', kind: 'yearly', year: 2026, status: 'approved', report: '清理情况报告' });
    const items = await api.database.db.select().from(cleanupItems);
    expect(items.map((i) => [i.documentId, i.department, i.classification, i.amendmentOpinion, i.legalDecision]).sort()).toEqual([
      ['doc-old-1', 'dept-commerce', 'amend', '修改第二条', 'agree'],
      ['doc-old-2', 'dept-industry', 'keep', null, null],
    ]);
  });

  it('records the evaluation steps onto the project of the instance', async () => {
    // given
    const evaluation = (formId: string) => task(formId, { bpmnProcessId: 'third-party-evaluation', processInstanceKey: '2251799813699999' });
    const office: Principal = { ...drafter, id: 'user-office', roles: ['general-office'], departmentId: 'general-office' };

    // when
    await record(evaluation('evaluation-project'), { evaluationObject: '外贸措施落实效果', evaluationScope: '2026年', evaluationContents: ['effects'], draftingDept: 'dept-commerce', projectBasis: '市政府要求' }, office);
    await record(evaluation('evaluation-project-approval'), { projectDecision: 'approved' }, office);
    await record(evaluation('evaluation-procurement'), { procurementMethod: 'invited-tender', selectionConditions: '资质', singleSourceReason: '' }, office);
    await record(evaluation('evaluation-selection'), { evaluatorId: 'evaluator-a', evaluatorName: 'A', evaluatorType: 'university', evaluatorHead: '负责人', selectionResult: '中标' }, office);
    await record(evaluation('evaluation-contract'), { contractNo: 'HT-9', contractAmount: 250000.4, contractSignedOn: '2026-11-27T09:00', reportDueDay: '2027-03-31T18:00' }, office);
    await record(evaluation('evaluation-plan'), { evaluationSteps: '步骤', evaluationStandards: '标准', indicatorSystem: '指标', researchMethods: ['survey', 'interview'] });
    await record(evaluation('evaluation-plan-review'), { planApproved: true, planReviewComment: '同意' }, office);
    await record(evaluation('evaluation-report'), { reportDocument: 'report.docx', reportSummary: '总体有效', evaluatorRecommendation: 'adjust', reportSigner: '张教授' });
    await record(evaluation('evaluation-acceptance'), { resultsAccepted: true, acceptanceComment: '验收' }, office);
    await record(evaluation('evaluation-payment'), { paymentAmount: 250000, paidOn: '2026-12-20T10:00', paymentVoucher: 'PZ-1' }, office);

    // then
    const [project] = await api.database.db.select().from(evaluationProjects);
    expect(project).toMatchObject({
      documentId,
      subject: '外贸措施落实效果',
      responsibleDept: 'dept-commerce',
      status: 'paid',
      procurementMethod: 'invited-tender',
      evaluatorId: 'evaluator-a',
      contractNumber: 'HT-9',
      fee: 250000,
      contractSignedAt: Date.parse('2026-11-27T09:00:00+08:00'),
      reportDueAt: Date.parse('2027-03-31T18:00:00+08:00'),
      recommendation: 'adjust',
      paidAt: Date.parse('2026-12-20T10:00:00+08:00'),
    });
    expect(project!.plan).toContain('评估方法：survey、interview');
    expect(project!.report).toBe('report.docx\n\n总体有效\n\n报告签署人：张教授');
    const visible = await as(api, tokens.evaluator).get(`/api/evaluation-projects/${project!.id}`);
    expect(visible.status).toBe(200);
  });

  it('reads the task’s variables from the inbox when the caller does not pass them', async () => {
    // given: the inbox row of an expert-opinion task created with its expert
    const t = task('expert-opinion', { variables: undefined });
    await api.database.db.insert(tasks).values({
      id: t.id, name: '专家出具书面论证意见', elementId: 'Task_ExpertOpinion', processInstanceKey: t.processInstanceKey, bpmnProcessId: t.bpmnProcessId, processDefinitionKey: '1',
      state: 'CREATED', assignee: 'user-sun', candidateGroups: ['dept-commerce'], candidateUsers: [], dueAt: null, dueDate: null, formId: 'expert-opinion', department: 'dept-commerce',
      documentId, documentTitle: '外贸措施', variables: { documentId, expert: '孙教授' }, createdAt: api.clock.now(), completedAt: null, completedBy: null,
    });

    // when
    await record(t, { expertOpinion: { conclusion: 'reject', opinion: '不同意' } });

    // then
    const opinions = await api.database.db.select().from(expertOpinions);
    expect(opinions.find((o) => o.taskId === t.id)).toMatchObject({ expertName: '孙教授', opinion: '【不同意】不同意' });
  });

  it('records nothing for forms it does not know, or tasks without a form', async () => {
    // given
    const before = (await api.ctx.audit.list({ limit: 1000 })).length;
    const counts = async () => [(await api.database.db.select().from(meetings)).length, (await api.database.db.select().from(comments)).length];
    const was = await counts();

    // when
    await record(task('research-survey'), { researchTeam: '调研组' });
    await record(task(null), {});
    await record(task('sign-off'), { signedOff: true });

    // then
    expect((await api.ctx.audit.list({ limit: 1000 })).length).toBe(before);
    expect(await counts()).toEqual(was);
  });
});
