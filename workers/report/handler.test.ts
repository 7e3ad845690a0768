import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Job, JobOutcome, Variables } from '../../engine/port';
import type { Db } from '../../store/database';
import { ResearchReportRepository } from '../../store/research-report.repository';
import { comments, consultations, departments, expertOpinions, meetings } from '../../store/schema';
import { startTestEngine, T0, type TestEngine } from '../../test/support/engine-harness';
import { ProcessScenario } from '../../test/processes/scenario';
import { unreachableDatabase } from '../../test/workers/unreachable-database';
import { DAY, givenDocument, givenProcessOf } from '../../test/workers/records';
import { readZip } from '../../test/workers/zip';
import { REPORT_TASK_TYPE, reportFile, reportWorker } from './handler';

const TITLE = '沈阳市进一步促进外贸稳增长若干政策措施';
const HOUR = 3_600_000;

/** What the drafting department recorded while researching and consulting on `documentId`. */
async function givenResearchRecords(db: Db, documentId: string): Promise<void> {
  await db.insert(consultations).values({ id: `${documentId}-round-1`, documentId, version: 1, round: 1, title: '公开征求意见', summary: '制定背景、必要性及预期影响', opensAt: T0, closesAt: T0 + 15 * DAY, createdAt: T0 });
  await db.insert(comments).values([
    { id: `${documentId}-c1`, consultationId: `${documentId}-round-1`, content: '建议明确出口信用保险保费补贴的申报流程和时限。', submittedAt: T0 + DAY, category: 'provision', disposition: 'adopted' },
    {
      id: `${documentId}-c2`,
      consultationId: `${documentId}-round-1`,
      content: '建议将补贴比例提高到100%<script>alert("x")</script>',
      submittedAt: T0 + 2 * DAY,
      category: 'feasibility',
      disposition: 'rejected',
      dispositionReason: '超出市级财政承受能力，且与省级政策不一致。',
    },
    { id: `${documentId}-c3`, consultationId: `${documentId}-round-1`, content: '希望增加对小微外贸企业的培训支持。', submittedAt: T0 + 3 * DAY, category: 'other', disposition: 'partially-adopted' },
  ]);
  const meeting = { documentId, createdBy: 'user-commerce', createdAt: T0 };
  await db.insert(meetings).values([
    { ...meeting, id: `${documentId}-m1`, kind: 'symposium', subject: '外贸企业座谈会', place: '市商务局三楼会议室', heldAt: T0 - 10 * DAY, participants: [{ name: '张某', affiliation: '某外贸企业', role: '企业代表' }, { name: '李某', affiliation: '市进出口商会' }], minutes: '企业反映汇率风险和物流成本上升。' },
    { ...meeting, id: `${documentId}-m2`, kind: 'expert-review', subject: '补贴政策专家论证会', place: '市政府第二会议室', heldAt: T0 - 5 * DAY, participants: [{ name: '王教授', affiliation: '东北大学' }], minutes: '专家一致认为补贴标准基本可行。' },
    { ...meeting, id: `${documentId}-m3`, kind: 'hearing', subject: '物流补贴听证会', place: '市民中心', heldAt: T0 - 2 * DAY, announcedAt: T0 - 12 * DAY, chair: '市商务局法规处', participants: [{ name: '赵某', role: '听证参加人' }], minutes: '各方对补贴门槛存在分歧。' },
  ]);
  await db.insert(expertOpinions).values([
    { id: `${documentId}-o1`, documentId, meetingId: `${documentId}-m2`, expertName: '王教授', affiliation: '东北大学', opinion: '建议补充成本效益测算。', taskId: `${documentId}-task-1`, submittedAt: T0 - 5 * DAY + HOUR },
    { id: `${documentId}-o2`, documentId, meetingId: `${documentId}-m2`, expertName: '刘研究员', affiliation: '市社科院', opinion: '同意出台，建议设置三年评估期。', taskId: `${documentId}-task-2`, submittedAt: T0 - 5 * DAY + 2 * HOUR },
  ]);
}

/** Texts each report about the recorded research must contain, in HTML and DOCX alike. */
const RECORDED = [
  '外贸企业座谈会',
  '企业反映汇率风险和物流成本上升。',
  '张某，某外贸企业，企业代表',
  '补贴政策专家论证会',
  '专家一致认为补贴标准基本可行。',
  '物流补贴听证会',
  '市商务局法规处',
  '各方对补贴门槛存在分歧。',
  '建议明确出口信用保险保费补贴的申报流程和时限。',
  '不予采纳',
  '超出市级财政承受能力，且与省级政策不一致。',
  '共收到意见3条：采纳1条，部分采纳1条，不予采纳1条。',
  '王教授（东北大学）',
  '建议补充成本效益测算。',
  '刘研究员（市社科院）',
  '同意出台，建议设置三年评估期。',
  '《中华人民共和国对外贸易法》',
];

describe('report worker in the research-deliberation diagram', () => {
  let s: ProcessScenario;
  let reports: ResearchReportRepository;
  let dir: string;

  beforeEach(async () => {
    s = await ProcessScenario.start('research-deliberation');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-flow-reports-'));
    reports = new ResearchReportRepository(s.t.database.db);
    s.t.engine.createWorker(reportWorker({ reports, reportsDir: dir, clock: s.t.clock }));
    await s.t.database.db.insert(departments).values({ id: 'dept-commerce', name: '市商务局', nameEn: 'Commerce Bureau', kind: 'department' });
    await givenDocument(s.t.database.db, { id: 'doc-trade', number: '沈政发〔2026〕30号', title: TITLE, draftingDept: 'dept-commerce', category: 'investment-promotion' });
    await givenResearchRecords(s.t.database.db, 'doc-trade');
  });
  afterEach(async () => {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('after the comments are disposed of, assembles the three-part report of the recorded meetings, comments, reasons and expert opinions as HTML and DOCX', async () => {
    // given the research, the draft published for 15 days and every comment disposed of
    await s.begin({ documentId: 'doc-trade', documentTitle: TITLE, draftingDept: 'dept-commerce', urgent: false });
    await s.complete('Task_Research', {
      enterpriseRelated: false,
      currentSituation: '我市外贸进出口增速放缓。',
      necessityFeasibility: '稳外贸确有必要，财政可承受。',
      legalBasis: '《中华人民共和国对外贸易法》\n《辽宁省人民政府关于促进外贸稳增长的实施意见》',
      researchMethods: ['questionnaire', 'field'],
    });
    await s.complete('Task_PublishDraft', { commentNoticeUrl: 'https://www.shenyang.gov.cn/zmhd/yjzj/1', draftImpact: '惠及外贸企业约2000家。' });
    await s.t.waitFor('element.activated', (e) => e.processInstanceKey === s.processInstanceKey && e.elementId === 'Event_CommentPeriodOver');
    s.moveClockTo('2026-12-14T10:05:00Z');
    await s.complete('Task_Disposal', { substantialChange: false, comments: [] });

    // when the report task has run
    await s.userTask('Task_SubmitReport');

    // then the process holds the report's id and hash, and the stored HTML has the three parts in order
    const { researchReport, researchReportHash } = await s.variables();
    const [row] = await reports.forDocument('doc-trade');
    expect(row).toMatchObject({ id: researchReport, contentHash: researchReportHash });
    expect(crypto.createHash('sha256').update(row!.html, 'utf8').digest('hex')).toBe(researchReportHash);
    const parts = ['一、政策措施制定说明', '二、主要依据摘录', '三、相关证明材料'].map((h) => row!.html.indexOf(h));
    expect(parts.every((at, i) => at > 0 && (i === 0 || at > parts[i - 1]!))).toBe(true);
    const header = ['沈政发〔2026〕30号', '<b>起草部门：</b>市商务局', '<b>类别：</b>招商引资'];
    for (const text of [...header, ...RECORDED, '我市外贸进出口增速放缓。', '问卷调查、实地调研', '惠及外贸企业约2000家。', '公开征求意见：1轮']) expect(row!.html).toContain(text);
    // and what the public wrote is shown, never run
    expect(row!.html).toContain('建议将补贴比例提高到100%&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(row!.html).not.toContain('<script>');
    // and the Word document is a valid archive whose text holds the same records
    const docx = readZip(fs.readFileSync(reportFile(dir, researchReport as string)));
    const xml = docx.get('word/document.xml')!.toString('utf8');
    for (const text of RECORDED) expect(xml).toContain(text);
    expect(xml).toContain('建议将补贴比例提高到100%&lt;script&gt;');
  });
});

describe('report handler', () => {
  let t: TestEngine;
  let reports: ResearchReportRepository;
  let dir: string;
  let handler: ReturnType<typeof reportWorker>['handler'];
  let jobKey = 8000;

  beforeAll(async () => {
    t = await startTestEngine();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-flow-reports-'));
    reports = new ResearchReportRepository(t.database.db);
    handler = reportWorker({ reports, reportsDir: path.join(dir, 'reports'), clock: t.clock }).handler;
    await givenDocument(t.database.db, { id: 'doc-r', title: TITLE });
    await givenResearchRecords(t.database.db, 'doc-r');
    await givenDocument(t.database.db, { id: 'doc-bare', title: '尚无调研记录的文件' });
    await givenProcessOf(t.database.db, '31337', 'doc-bare', 'research-deliberation');
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const job = (variables: Variables, key = String(++jobKey), processInstanceKey = '1'): Job => ({ key, type: REPORT_TASK_TYPE, retries: 3, processInstanceKey, variables }) as Job;
  const reportOf = (outcome: JobOutcome) => (outcome as { variables: Variables }).variables.researchReport as string;

  it('a retried job returns the report it already assembled and stores no second one', async () => {
    // given
    const key = String(++jobKey);
    const first = await handler(job({ documentId: 'doc-r', legalBasis: '《中华人民共和国对外贸易法》' }, key));
    t.clock.advance(60_000);

    // when
    const again = await handler(job({ documentId: 'doc-r', legalBasis: '《中华人民共和国对外贸易法》' }, key));

    // then
    expect(first).toEqual({ outcome: 'complete', variables: { researchReport: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/), researchReportHash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(again).toEqual(first);
    expect(await reports.forDocument('doc-r')).toHaveLength(1);
    expect(fs.readdirSync(path.join(dir, 'reports'))).toEqual([`${reportOf(first)}.docx`]);
  });

  it('a retry after the Word document was lost writes it again', async () => {
    // given
    const key = String(++jobKey);
    const first = await handler(job({ documentId: 'doc-r' }, key));
    fs.rmSync(reportFile(path.join(dir, 'reports'), reportOf(first)));

    // when
    const again = await handler(job({ documentId: 'doc-r' }, key));

    // then
    expect(again).toEqual(first);
    expect(readZip(fs.readFileSync(reportFile(path.join(dir, 'reports'), reportOf(first)))).has('word/document.xml')).toBe(true);
  });

  it('reports the document linked to the process and marks what was not recorded', async () => {
    // when
    const outcome = await handler(job({ documentId: null, researchMethods: null }, undefined, '31337'));

    // then
    const [row] = await reports.forDocument('doc-bare');
    expect(row!.id).toBe(reportOf(outcome));
    for (const text of ['（未记录）', '未记录公开征求意见。', '共收到意见0条', '未召开座谈会、论证会、听证会。', '无专家书面论证意见。']) expect(row!.html).toContain(text);
  });

  it.each([
    ['no document', {}, 'documentId: required (no document is linked to this process instance)'],
    ['an unknown document', { documentId: 'doc-x' }, "documentId: no document 'doc-x'"],
    ['a research method list that is no list', { documentId: 'doc-r', researchMethods: { sampling: true } }, 'researchMethods'],
  ])('%s fails the job without retries, naming the problem', async (_, variables, problem) => {
    // when
    const outcome = await handler(job(variables));

    // then
    expect(outcome).toMatchObject({ outcome: 'fail', retries: 0 });
    expect((outcome as { errorMessage: string }).errorMessage).toContain(problem);
  });

  it('a folder that cannot be written is retried with back-off, and nothing is stored', async () => {
    // given a file where the reports folder should be
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, '');
    const cannotWrite = reportWorker({ reports, reportsDir: blocked, clock: t.clock }).handler;

    // when
    const outcome = await cannotWrite(job({ documentId: 'doc-bare' }));

    // then
    expect(outcome).toMatchObject({ outcome: 'fail', retries: 2, retryBackOff: 30_000, errorMessage: expect.stringMatching(/^report: /) });
    expect(await reports.forDocument('doc-bare')).toHaveLength(1);
  });

  it('a database failure is retried with back-off', async () => {
    // given a database that went away
    const lost = await unreachableDatabase();
    const offline = reportWorker({ reports: new ResearchReportRepository(lost.db), reportsDir: dir, clock: t.clock }).handler;

    // when
    const outcome = await offline(job({ documentId: 'doc-r' }));

    await lost.close();

    // then
    expect(outcome).toMatchObject({ outcome: 'fail', retries: 2, retryBackOff: 30_000, errorMessage: expect.stringContaining('ECONNREFUSED') });
  });
});
