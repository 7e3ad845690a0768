import fs from 'node:fs';
import path from 'node:path';
import type { Job, Variables } from '../../engine/port';
import { startTestEngine, type TestEngine } from '../../test/support/engine-harness';
import { InAppChannel, SmtpChannel, WebhookChannel } from './channels';
import { FIRST_RETRY_BACKOFF_MS, notifyWorker } from './handler';
import { NotificationRepository } from './notification.repository';
import { startLoopbackHttp, startLoopbackSmtp, type LoopbackHttp, type LoopbackSmtp } from './testing';

const FIXTURE = path.resolve(process.cwd(), 'test/workers/fixtures/notify-deadline-reminder.bpmn');
const TITLE = '关于促进民营经济发展的若干措施';

describe('notify worker on the engine', () => {
  let t: TestEngine;
  let smtp: LoopbackSmtp;
  let email: SmtpChannel;

  beforeEach(async () => {
    t = await startTestEngine();
    smtp = await startLoopbackSmtp();
    email = new SmtpChannel({ host: '127.0.0.1', port: smtp.port, from: 'noreply@gov.example.cn' });
    t.engine.createWorker(notifyWorker({ channels: [email], deliveries: new NotificationRepository(t.database.db), clock: t.clock }));
    await t.engine.deployResources([{ name: 'notify-deadline-reminder.bpmn', content: fs.readFileSync(FIXTURE, 'utf8') }]);
  });
  afterEach(async () => {
    await t.close();
    email.close();
    await smtp.close();
  });

  const start = (variables: Variables) => t.engine.createProcessInstance({ bpmnProcessId: 'notify-deadline-reminder', variables });

  it('e-mails the reminder in Chinese to every reviewer and completes', async () => {
    // when
    const { processInstanceKey } = await start({ reviewers: ['zhang.san@gov.example.cn', 'li.si@gov.example.cn'], title: TITLE, dueDay: '2026-12-04' });
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then
    expect(smtp.mails.map((m) => m.to).flat().sort()).toEqual(['li.si@gov.example.cn', 'zhang.san@gov.example.cn']);
    expect(smtp.mails[0]).toMatchObject({ subject: `办理期限提醒：《${TITLE}》`, text: `文件《${TITLE}》的“部门会签”环节将于2026-12-04到期，请及时办理。` });
  });

  it('a retried job does not e-mail again the reviewer who already got the reminder', async () => {
    // given the second reviewer's mailbox is temporarily unavailable
    smtp.refuse.add('li.si@gov.example.cn');
    const { processInstanceKey } = await start({ reviewers: ['zhang.san@gov.example.cn', 'li.si@gov.example.cn'], title: TITLE, dueDay: '2026-12-04' });
    const failed = await t.waitFor('job.failed', (e) => e.processInstanceKey === processInstanceKey);

    // when the mailbox is back and the back-off has passed
    smtp.refuse.clear();
    t.clock.advance(FIRST_RETRY_BACKOFF_MS);
    await t.waitFor('processInstance.completed', (e) => e.processInstanceKey === processInstanceKey);

    // then each reviewer got exactly one message
    expect(failed.payload).toMatchObject({ retries: 2 });
    expect(smtp.mails.map((m) => m.to).flat()).toEqual(['zhang.san@gov.example.cn', 'li.si@gov.example.cn']);
  });

  it('missing template data raises an incident that names the field, without retries', async () => {
    // when
    const { processInstanceKey } = await start({ reviewers: ['zhang.san@gov.example.cn'], title: TITLE, dueDay: null });
    await t.waitFor('incident.created', (e) => e.processInstanceKey === processInstanceKey);

    // then
    const [incident] = await t.engine.listIncidents({ processInstanceKey });
    expect(incident).toMatchObject({ state: 'ACTIVE', errorType: 'JOB_NO_RETRIES', elementId: 'Task_Notify' });
    expect(incident!.errorMessage).toBe("invalid notify input: template 'deadline-reminder' needs data 'dueDate' (text or a number)");
    expect(smtp.mails).toHaveLength(0);
  });
});

describe('notify handler', () => {
  let t: TestEngine;
  let smtp: LoopbackSmtp;
  let gateway: LoopbackHttp;
  let email: SmtpChannel;
  let repository: NotificationRepository;
  let handler: ReturnType<typeof notifyWorker>['handler'];
  let jobKey = 1000;

  beforeAll(async () => {
    t = await startTestEngine();
    smtp = await startLoopbackSmtp();
    gateway = await startLoopbackHttp();
    email = new SmtpChannel({ host: '127.0.0.1', port: smtp.port, from: 'noreply@gov.example.cn' });
    repository = new NotificationRepository(t.database.db);
    const channels = [email, new InAppChannel(repository, t.clock), new WebhookChannel({ sms: { url: `${gateway.url}/sms`, secret: 's3cret' } }, t.clock)];
    handler = notifyWorker({ channels, deliveries: repository, clock: t.clock }).handler;
  });
  afterAll(async () => {
    email.close();
    await Promise.all([t.close(), smtp.close(), gateway.close()]);
  });
  beforeEach(() => {
    smtp.mails.length = 0;
    gateway.requests.length = 0;
    gateway.respond.status = 204;
  });

  const job = (variables: Variables, key = String(++jobKey)): Job => ({ key, retries: 3, variables }) as Job;
  const overdue = { template: 'stage-overdue', data: { documentTitle: TITLE, stage: '合法性审查', dueDate: '2026-11-20' } };

  it('writes in-app notifications in English for each user', async () => {
    // when
    const outcome = await handler(job({ channel: 'in-app', recipients: ['user-zhao', 'user-qian'], locale: 'en', ...overdue }));

    // then
    expect(outcome).toEqual({ outcome: 'complete', variables: undefined });
    const [row] = await repository.forRecipient('user-zhao');
    expect(row).toMatchObject({ title: `Overdue: "${TITLE}" – 合法性审查`, readAt: null, jobKey: String(jobKey) });
    expect(await repository.forRecipient('user-qian')).toHaveLength(1);
  });

  it('accepts a comma-separated recipient list from a static mapping and sends each address once', async () => {
    // when
    const outcome = await handler(job({ channel: 'email', recipients: 'a@gov.example.cn, b@gov.example.cn,a@gov.example.cn', locale: null, ...overdue }));

    // then
    expect(outcome.outcome).toBe('complete');
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['a@gov.example.cn', 'b@gov.example.cn']);
    expect(smtp.mails[0]!.subject).toBe(`逾期提示：《${TITLE}》合法性审查`);
  });

  it('a webhook answering 503 fails the job with one retry fewer and a back-off; the retry posts once', async () => {
    // given
    gateway.respond.status = 503;
    const first = job({ channel: 'webhook', recipients: ['sms'], ...overdue });

    // when
    const failed = await handler(first);
    gateway.respond.status = 200;
    const retried = await handler({ ...first, retries: 2 });
    const again = await handler({ ...first, retries: 2 });

    // then
    expect(failed).toEqual({ outcome: 'fail', errorMessage: "notify: 1 of 1 not delivered (0 done, not resent on retry): webhook 'sms' answered HTTP 503", retries: 2, retryBackOff: FIRST_RETRY_BACKOFF_MS });
    expect(retried.outcome).toBe('complete');
    expect(again.outcome).toBe('complete');
    expect(gateway.requests).toHaveLength(2);
  });

  it('the same job delivered twice after failing on the second recipient sends the first only once', async () => {
    // given
    smtp.refuse.add('b@gov.example.cn');
    const delivered = job({ channel: 'email', recipients: ['a@gov.example.cn', 'b@gov.example.cn'], ...overdue });
    const failed = await handler(delivered);

    // when
    smtp.refuse.clear();
    const retried = await handler({ ...delivered, retries: 2 });

    // then
    expect(failed).toMatchObject({ outcome: 'fail', retries: 2, errorMessage: expect.stringContaining('1 of 2 not delivered') });
    expect(retried.outcome).toBe('complete');
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['a@gov.example.cn', 'b@gov.example.cn']);
  });

  it.each([
    [{ channel: 'fax', recipients: ['x'], ...overdue }, 'channel: Invalid option'],
    [{ channel: 'email', recipients: [], ...overdue }, 'recipients: at least one recipient is required'],
    [{ channel: 'email', recipients: ['zhangsan'], ...overdue }, "recipients: 'zhangsan' is not an e-mail address"],
    [{ channel: 'webhook', recipients: ['wechat'], ...overdue }, "recipients: 'wechat' is not a configured webhook"],
    [{ channel: 'in-app', recipients: ['u'], template: 'welcome', data: {} }, 'template: Invalid option'],
    [{ channel: 'in-app', recipients: ['u'], ...overdue, locale: 'fr' }, 'locale'],
    [{ channel: 'in-app', recipients: ['u'], template: 'task-assigned', data: { taskName: '会签' } }, "template 'task-assigned' needs data 'documentTitle', 'dueDate'"],
  ])('given %j it fails without retries, naming %s', async (variables, problem) => {
    // when
    const outcome = await handler(job(variables));

    // then
    expect(outcome).toMatchObject({ outcome: 'fail', retries: 0 });
    expect((outcome as { errorMessage: string }).errorMessage).toContain(problem);
    expect(smtp.mails).toHaveLength(0);
    expect(gateway.requests).toHaveLength(0);
  });

  it('a channel not configured on this server is an incident, not a retry', async () => {
    // given
    const emailOnly = notifyWorker({ channels: [email], deliveries: repository, clock: t.clock }).handler;

    // when
    const outcome = await emailOnly(job({ channel: 'webhook', recipients: ['sms'], ...overdue }));

    // then
    expect(outcome).toEqual({ outcome: 'fail', errorMessage: "invalid notify input: channel 'webhook' is not configured on this server", retries: 0 });
  });
});
