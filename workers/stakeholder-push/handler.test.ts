import crypto from 'node:crypto';
import { CalendarRepository } from '../../calendar/calendar.repository';
import { WorkingDayCalendar } from '../../calendar/working-days';
import { ContactCipher } from '../../domain/contact-cipher';
import type { Job, Variables } from '../../engine/port';
import { PublicationRepository } from '../../store/publication.repository';
import { PushRepository } from '../../store/push.repository';
import { startTestEngine, T0, type TestEngine } from '../../test/support/engine-harness';
import { ProcessScenario } from '../../test/processes/scenario';
import { givenDocument, givenStakeholder } from '../../test/workers/records';
import { SmtpChannel, webhookSignature } from '../notify/channels';
import { FIRST_RETRY_BACKOFF_MS } from '../notify/handler';
import { startLoopbackHttp, startLoopbackSmtp, type LoopbackHttp, type LoopbackSmtp } from '../notify/testing';
import { publishWorker } from '../publish/handler';
import { signOffWorker } from '../sign-off/handler';
import { SignatureRepository } from '../sign-off/signature.repository';
import { leaderDecides } from '../sign-off/testing';
import { PushGateway } from './gateway';
import { STAFF_RECHECK_MS, stakeholderPushWorker, STAKEHOLDER_PUSH_TASK_TYPE, type StakeholderPushDependencies } from './handler';

const TITLE = '沈阳市促进数字经济发展若干政策措施';
const TEXT_URL = 'https://www.shenyang.gov.cn/zwgk/fdzdgknr/1.html';
const INTERPRETATION_URL = 'https://www.shenyang.gov.cn/zwgk/zcjd/1.html';
const GATEWAY_SECRET = crypto.randomBytes(16).toString('hex');
/** 5 working days after Friday 27 November 2026. */
const DUE = '2026-12-04T18:00:00+08:00';

/** Loopback SMTP and gateway, a contact key, and the worker's dependencies on a test engine. */
async function pushSetup(t: TestEngine, overrides: Partial<StakeholderPushDependencies> = {}) {
  const smtp = await startLoopbackSmtp();
  const gateway = await startLoopbackHttp();
  const email = new SmtpChannel({ host: '127.0.0.1', port: smtp.port, from: 'noreply@gov.example.cn' });
  const endpoints = { wechat: { url: `${gateway.url}/wechat`, secret: GATEWAY_SECRET }, sms: { url: `${gateway.url}/sms`, secret: GATEWAY_SECRET } };
  const deps: StakeholderPushDependencies = {
    pushes: new PushRepository(t.database.db),
    publications: new PublicationRepository(t.database.db),
    contacts: new ContactCipher(crypto.randomBytes(32)),
    calendar: await WorkingDayCalendar.load(new CalendarRepository(t.database.db)),
    clock: t.clock,
    email,
    gateway: new PushGateway(endpoints, t.clock),
    ...overrides,
  };
  const close = async () => {
    email.close();
    await Promise.all([smtp.close(), gateway.close()]);
  };
  return { smtp, gateway, deps, close };
}

describe('stakeholder-push worker in the publication diagram', () => {
  let s: ProcessScenario;
  let smtp: LoopbackSmtp;
  let gateway: LoopbackHttp;
  let deps: StakeholderPushDependencies;
  let closeTransports: () => Promise<void>;

  beforeEach(async () => {
    s = await ProcessScenario.start('publication-interpretation');
    ({ smtp, gateway, deps, close: closeTransports } = await pushSetup(s.t));
    const signingKey = crypto.generateKeyPairSync('ed25519').privateKey;
    s.t.engine.createWorker(signOffWorker({ signatures: new SignatureRepository(s.t.database.db), signingKey, clock: s.t.clock }));
    s.t.engine.createWorker(publishWorker({ publications: deps.publications, signOffKey: signingKey, clock: s.t.clock }));
    s.t.engine.createWorker(stakeholderPushWorker(deps));
    const db = s.t.database.db;
    await givenDocument(db, { id: 'doc-digital', title: TITLE });
    await givenStakeholder(db, deps.contacts, { id: 'sh-enterprise', documentId: 'doc-digital', name: '沈阳某智能制造有限公司', contact: { email: 'it@enterprise.example.cn', phone: '024-00000001' } });
    await givenStakeholder(db, deps.contacts, { id: 'sh-association', documentId: 'doc-digital', name: '市软件行业协会', kind: 'association', contact: { wechat: 'sy-software' } });
    await givenStakeholder(db, deps.contacts, { id: 'sh-citizen', documentId: 'doc-digital', name: '王某', kind: 'citizen', contact: { postalAddress: '沈阳市和平区某路1号' } });
  });
  afterEach(async () => {
    await s.close();
    await closeTransports();
  });

  /** Plan, sign-off and publication of doc-digital; the pushes follow. */
  async function publishTo(stakeholders: string[]) {
    await s.begin({ draftingDept: 'dept-industry', documentId: 'doc-digital', stakeholders });
    await s.complete('Task_InterpretationPlan', { interpretationTime: '发布当日', interpretationMethods: ['qa'], interpretationOutline: '提纲', interpretationMaterials: '解读材料', publicConcern: 'normal' });
    await s.complete('Task_SignOff', leaderDecides(true));
    // the General Office registers the text and the interpretation it put on the portal
    await s.complete('Task_PublicationMaterials', { publishedTextUrl: TEXT_URL, publishedInterpretationUrl: INTERPRETATION_URL });
  }

  it('e-mails one stakeholder, sends another a WeChat message through the signed gateway, and records every push', async () => {
    // when
    await publishTo(['sh-enterprise', 'sh-association']);
    await s.userTask('Task_TrackOpinion');

    // then the enterprise got the e-mail with the text and the interpretation, and the offer of free consultation
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ to: ['it@enterprise.example.cn'], subject: `政策推送：《${TITLE}》` });
    expect(smtp.mails[0]!.text).toBe(
      `沈阳某智能制造有限公司：\n《${TITLE}》及其政策解读已于2026年11月27日在市政府门户网站发布。\n文件全文：${TEXT_URL}\n政策解读：${INTERPRETATION_URL}\n如需政策咨询或培训，请联系文件起草部门，咨询和培训均免费提供。`,
    );
    // and the association's WeChat id went to the WeChat gateway, signed
    const [request] = gateway.requests;
    expect(request!.path).toBe('/wechat');
    expect(request!.headers['x-signature']).toBe(webhookSignature(request!.body, GATEWAY_SECRET));
    expect(JSON.parse(request!.body)).toMatchObject({ webhook: 'wechat', to: 'sy-software', template: 'stakeholder-push', subject: `政策推送：《${TITLE}》` });
    // and the process and the records know channel, time and outcome of each push, due in 5 working days
    expect((await s.variables()).pushRecords).toEqual([
      { stakeholder: 'sh-enterprise', channel: 'email', pushedAt: '2026-11-27T09:00:00+08:00', outcome: 'delivered' },
      { stakeholder: 'sh-association', channel: 'wechat', pushedAt: '2026-11-27T09:00:00+08:00', outcome: 'delivered' },
    ]);
    expect((await deps.pushes.forDocument('doc-digital')).map((p) => [p.stakeholderId, p.channel, p.outcome, p.dueAt, p.pushedAt])).toEqual([
      ['sh-association', 'wechat', 'delivered', Date.parse(DUE), T0],
      ['sh-enterprise', 'email', 'delivered', Date.parse(DUE), T0],
    ]);
  });

  it('a push by post waits for staff; after 5 working days the General Office is called in; once staff record it the process goes on', async () => {
    // given the citizen can be reached by post only
    await publishTo(['sh-enterprise', 'sh-citizen']);
    await s.t.waitFor('job.completed', (e) => e.processInstanceKey === s.processInstanceKey && e.payload.type === 'stakeholder-push');
    await s.t.waitFor('job.failed', (e) => e.processInstanceKey === s.processInstanceKey && String(e.payload.errorMessage).startsWith('waiting for staff'));

    // when the period passes (Friday 4 December 18:00 in Shenyang) without the letter being recorded
    s.moveClockTo('2026-12-04T10:01:00Z');
    const supervision = await s.complete('Task_SupervisePush', { pushProgressReported: '已推送1家，1封信函待寄出' });
    // and staff record the letter they posted on Monday
    const posted = Date.parse('2026-12-07T10:00:00+08:00');
    expect(await deps.pushes.recordStaffOutcome({ documentId: 'doc-digital', stakeholderId: 'sh-citizen', channel: 'post', outcome: 'delivered', pushedAt: posted, detail: '挂号信' })).toBe(true);
    s.moveClockTo('2026-12-07T02:00:00Z');
    s.t.clock.advance(STAFF_RECHECK_MS);
    await s.userTask('Task_TrackOpinion');

    // then
    expect(supervision.headers).toMatchObject({ 'io.camunda.zeebe:candidateGroups': '["general-office"]' });
    expect((await s.variables()).pushRecords).toEqual([
      { stakeholder: 'sh-enterprise', channel: 'email', pushedAt: '2026-11-27T09:00:00+08:00', outcome: 'delivered' },
      { stakeholder: 'sh-citizen', channel: 'post', pushedAt: '2026-12-07T10:00:00+08:00', outcome: 'delivered' },
    ]);
    expect(smtp.mails).toHaveLength(1);
  });

  it('a mailbox that refuses for a while is retried with back-off and mailed once', async () => {
    // given
    smtp.refuse.add('it@enterprise.example.cn');
    await publishTo(['sh-enterprise']);
    const failed = await s.t.waitFor('job.failed', (e) => e.processInstanceKey === s.processInstanceKey);

    // when the mailbox is back and the back-off has passed
    smtp.refuse.clear();
    s.t.clock.advance(FIRST_RETRY_BACKOFF_MS);
    await s.userTask('Task_TrackOpinion');

    // then the failure did not reveal the confidential address, and there is one mail and one record
    expect(failed.payload).toMatchObject({ retries: 2 });
    expect(failed.payload.errorMessage).not.toContain('it@enterprise.example.cn');
    expect(smtp.mails).toHaveLength(1);
    expect(await deps.pushes.forDocument('doc-digital')).toEqual([expect.objectContaining({ stakeholderId: 'sh-enterprise', channel: 'email', outcome: 'delivered', detail: '已通过电子邮件发送' })]);
  });

  it('an unknown stakeholder raises an incident without retries', async () => {
    // when
    await publishTo(['sh-nobody']);
    await s.t.waitFor('incident.created', (e) => e.processInstanceKey === s.processInstanceKey);

    // then
    const [incident] = await s.t.engine.listIncidents({ processInstanceKey: s.processInstanceKey });
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', elementId: 'Task_StakeholderPush', errorMessage: "invalid stakeholder-push input: stakeholder: no stakeholder 'sh-nobody'" });
  });
});

describe('stakeholder-push handler', () => {
  let t: TestEngine;
  let smtp: LoopbackSmtp;
  let gateway: LoopbackHttp;
  let deps: StakeholderPushDependencies;
  let close: () => Promise<void>;
  let handler: ReturnType<typeof stakeholderPushWorker>['handler'];
  let jobKey = 9000;

  beforeAll(async () => {
    t = await startTestEngine();
    ({ smtp, gateway, deps, close } = await pushSetup(t));
    handler = stakeholderPushWorker(deps).handler;
    const db = t.database.db;
    await givenDocument(db, { id: 'doc-p', title: TITLE });
    await givenDocument(db, { id: 'doc-unpublished', title: '尚未发布的文件' });
    await deps.publications.publishDocument(
      { id: 'pub-1', documentId: 'doc-p', version: 1, items: [{ kind: 'text', title: '文件文本', url: TEXT_URL }], url: TEXT_URL, publishedAt: T0, jobKey: 'publish-1' },
      { documentId: 'doc-p', number: null, title: TITLE, category: 'innovation', department: 'dept-industry', publishedAt: T0, url: TEXT_URL },
    );
    const stakeholder = (id: string, contact: object, documentId = 'doc-p') => givenStakeholder(db, deps.contacts, { id, documentId, name: `相关方${id}`, contact });
    await stakeholder('sh-mail', { email: 'a@example.cn', phone: '13800000001' });
    await stakeholder('sh-phone', { phone: '13800000002' });
    await stakeholder('sh-call', { phone: '13800000004' });
    await stakeholder('sh-sms', { phone: '13800000003', email: 'c@example.cn' });
    await stakeholder('sh-none', { address: '' });
    await stakeholder('sh-gateway-down', { wechat: 'wx-down' });
    await stakeholder('sh-early', { email: 'early@example.cn' }, 'doc-unpublished');
    await givenStakeholder(db, new ContactCipher(crypto.randomBytes(32)), { id: 'sh-other-key', documentId: 'doc-p', name: '密钥不符', contact: { email: 'x@example.cn' } });
  });
  afterAll(async () => {
    await t.close();
    await close();
  });
  beforeEach(() => {
    smtp.mails.length = 0;
    gateway.requests.length = 0;
    gateway.respond.status = 204;
  });

  const job = (variables: Variables, key = String(++jobKey)): Job => ({ key, type: STAKEHOLDER_PUSH_TASK_TYPE, retries: 3, variables }) as Job;

  it('the same stakeholder pushed again by another or a retried job is not pushed twice', async () => {
    // given
    const first = await handler(job({ stakeholder: 'sh-mail' }));

    // when
    const again = await handler(job({ stakeholder: { id: 'sh-mail', name: '相关方sh-mail' }, documentId: 'doc-p' }));

    // then one e-mail, one record, the same answer; due 5 working days after the recorded publication
    expect(first).toEqual({ outcome: 'complete', variables: { pushChannel: 'email', pushedAt: '2026-11-27T09:00:00+08:00', pushOutcome: 'delivered' } });
    expect(again).toEqual(first);
    expect(smtp.mails).toHaveLength(1);
    expect(await deps.pushes.find('doc-p', 'sh-mail', 'email')).toMatchObject({ dueAt: Date.parse(DUE) });
  });

  it('follows the order of preference: SMS before e-mail when asked, through the SMS gateway', async () => {
    // when
    const outcome = await handler(job({ stakeholder: 'sh-sms', pushChannels: 'sms, email', pushDueDate: '2026-12-02' }));

    // then
    expect(outcome).toMatchObject({ outcome: 'complete', variables: { pushChannel: 'sms', pushOutcome: 'delivered' } });
    expect(JSON.parse(gateway.requests[0]!.body)).toMatchObject({ webhook: 'sms', to: '13800000003' });
    expect(smtp.mails).toHaveLength(0);
    expect(await deps.pushes.find('doc-p', 'sh-sms', 'sms')).toMatchObject({ dueAt: Date.parse('2026-12-02T18:00:00+08:00') });
  });

  it('a phone push completes at once as pending when the diagram does not wait for staff', async () => {
    // when
    const outcome = await handler(job({ stakeholder: 'sh-phone', pushChannels: ['phone'], awaitStaffPush: 'false' }));

    // then
    expect(outcome).toEqual({ outcome: 'complete', variables: { pushChannel: 'phone', pushedAt: null, pushOutcome: 'pending' } });
    expect(await deps.pushes.find('doc-p', 'sh-phone', 'phone')).toMatchObject({ outcome: 'pending', pushedAt: null });
  });

  it('a phone push keeps the job open, with its retries, until staff record it', async () => {
    // given
    const key = String(++jobKey);
    const waiting = await handler(job({ stakeholder: 'sh-call', pushChannels: ['phone', 'post'] }, key));

    // when staff record that the number no longer works, and the job looks again
    await deps.pushes.recordStaffOutcome({ documentId: 'doc-p', stakeholderId: 'sh-call', channel: 'phone', outcome: 'failed', pushedAt: T0 + 3_600_000, detail: '号码已停用' });
    const recorded = await handler(job({ stakeholder: 'sh-call', pushChannels: ['phone', 'post'] }, key));

    // then
    expect(waiting).toEqual({ outcome: 'fail', errorMessage: `waiting for staff to record the phone push to stakeholder 'sh-call' (due ${DUE})`, retries: 3, retryBackOff: STAFF_RECHECK_MS });
    expect(recorded).toEqual({ outcome: 'complete', variables: { pushChannel: 'phone', pushedAt: '2026-11-27T10:00:00+08:00', pushOutcome: 'failed' } });
  });

  it('a gateway answering 503 is retried with back-off and the record keeps the reason', async () => {
    // given
    gateway.respond.status = 503;

    // when
    const outcome = await handler(job({ stakeholder: 'sh-gateway-down' }));

    // then
    expect(outcome).toEqual({ outcome: 'fail', errorMessage: 'stakeholder-push: wechat gateway answered HTTP 503', retries: 2, retryBackOff: FIRST_RETRY_BACKOFF_MS });
    expect(await deps.pushes.find('doc-p', 'sh-gateway-down', 'wechat')).toMatchObject({ outcome: 'pending', detail: 'wechat gateway answered HTTP 503' });
  });

  it('without an SMTP server an e-mail-only preference cannot be served: an incident, not a retry', async () => {
    // given
    const noMail = stakeholderPushWorker({ ...deps, email: undefined }).handler;

    // when
    const outcome = await noMail(job({ stakeholder: 'sh-mail', pushChannels: ['email'] }));

    // then
    expect(outcome).toEqual({ outcome: 'fail', retries: 0, errorMessage: "invalid stakeholder-push input: stakeholder 'sh-mail' cannot be reached on email: no contact data or no gateway for them" });
  });

  it.each([
    ['no stakeholder', {}, 'stakeholder: expected a stakeholder id'],
    ['an unknown stakeholder', { stakeholder: 'sh-x' }, "stakeholder: no stakeholder 'sh-x'"],
    ['another document', { stakeholder: 'sh-mail', documentId: 'doc-other' }, "stakeholder 'sh-mail' belongs to document 'doc-p', not 'doc-other'"],
    ['no contact data', { stakeholder: 'sh-none' }, "stakeholder 'sh-none' cannot be reached on email, wechat, sms, phone, post"],
    ['a contact sealed with another key', { stakeholder: 'sh-other-key' }, "the contact data of stakeholder 'sh-other-key' cannot be decrypted"],
    ['an unpublished document', { stakeholder: 'sh-early' }, "publicationUrl: document 'doc-unpublished' has no recorded publication"],
    ['no period to count from', { stakeholder: 'sh-early', publicationUrl: TEXT_URL }, 'pushDueDate: required'],
    ['a due date that is no date', { stakeholder: 'sh-mail', pushDueDate: 'next week' }, "pushDueDate: expected an ISO date or date-time, but was 'next week'"],
    ['an unknown channel', { stakeholder: 'sh-mail', pushChannels: ['fax'] }, 'pushChannels'],
  ])('%s fails the job without retries, naming the problem', async (_, variables, problem) => {
    // when
    const outcome = await handler(job(variables));

    // then
    expect(outcome).toMatchObject({ outcome: 'fail', retries: 0 });
    expect((outcome as { errorMessage: string }).errorMessage).toContain(problem);
    expect(smtp.mails).toHaveLength(0);
    expect(gateway.requests).toHaveLength(0);
  });
});
