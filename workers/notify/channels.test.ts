import crypto from 'node:crypto';
import { ControlledClock } from '../../engine/clock';
import type { Database } from '../../store/database';
import { openTestDatabase } from '../../test/support/database';
import { InAppChannel, SmtpChannel, TransportFailure, WebhookChannel, webhookSignature, type OutgoingNotification } from './channels';
import { NotificationRepository } from './notification.repository';
import { startLoopbackHttp, startLoopbackSmtp, type LoopbackHttp, type LoopbackSmtp } from './testing';

const T0 = Date.UTC(2026, 9, 9, 1, 0, 0);
const clock = new ControlledClock();
clock.pin(T0);

const notification = (recipient: string): OutgoingNotification => ({
  recipient,
  jobKey: '2251799813685249',
  template: 'stage-overdue',
  locale: 'zh-CN',
  subject: '逾期提示：《关于促进民营经济发展的若干措施》部门会签',
  text: '文件《关于促进民营经济发展的若干措施》的“部门会签”环节已于2026-10-08到期。',
});

describe('e-mail channel', () => {
  let smtp: LoopbackSmtp;
  let channel: SmtpChannel;

  beforeEach(async () => {
    smtp = await startLoopbackSmtp();
    channel = new SmtpChannel({ host: '127.0.0.1', port: smtp.port, from: '"市政府办公室" <noreply@gov.example.cn>' });
  });
  afterEach(async () => {
    channel.close();
    await smtp.close();
  });

  it('delivers a Chinese message to the SMTP server', async () => {
    // when
    await channel.send(notification('zhang.san@gov.example.cn'));

    // then
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({
      from: 'noreply@gov.example.cn',
      to: ['zhang.san@gov.example.cn'],
      subject: notification('').subject,
      text: notification('').text,
    });
    expect(smtp.mails[0]!.headers['x-policy-flow-job']).toBe('2251799813685249');
  });

  it('a refused recipient is a transport failure', async () => {
    // given
    smtp.refuse.add('li.si@gov.example.cn');

    // when
    const sending = channel.send(notification('li.si@gov.example.cn'));

    // then
    await expect(sending).rejects.toThrow(TransportFailure);
    expect(smtp.mails).toHaveLength(0);
  });

  it('an unreachable server is a transport failure', async () => {
    // given a port nobody listens on
    await smtp.close();
    const unreachable = new SmtpChannel({ host: '127.0.0.1', port: smtp.port, from: 'noreply@gov.example.cn', timeoutMs: 1000 });

    // when
    const sending = unreachable.send(notification('zhang.san@gov.example.cn'));

    // then
    await expect(sending).rejects.toThrow(/^SMTP 127\.0\.0\.1:\d+: /);
    smtp = await startLoopbackSmtp();
  });

  it('accepts only e-mail addresses as recipients', () => {
    // then
    expect(channel.checkRecipient('zhang.san@gov.example.cn')).toBeUndefined();
    expect(channel.checkRecipient('zhangsan')).toBe("'zhangsan' is not an e-mail address");
  });
});

describe('webhook channel', () => {
  let gateway: LoopbackHttp;
  let channel: WebhookChannel;
  const secret = crypto.randomBytes(16).toString('hex');

  beforeEach(async () => {
    gateway = await startLoopbackHttp();
    channel = new WebhookChannel({ sms: { url: `${gateway.url}/sms`, secret } }, clock, 300);
  });
  afterEach(() => gateway.close());

  it('posts a body signed with HMAC-SHA256 of the shared secret', async () => {
    // when
    await channel.send(notification('sms'));

    // then the receiver can verify the signature over the exact bytes
    const [request] = gateway.requests;
    expect(request!.path).toBe('/sms');
    const expected = `sha256=${crypto.createHmac('sha256', secret).update(request!.body).digest('hex')}`;
    expect(request!.headers['x-signature']).toBe(expected);
    expect(webhookSignature(request!.body, 'another secret')).not.toBe(expected);
    expect(request!.headers['x-timestamp']).toBe(String(T0));
    expect(request!.headers['idempotency-key']).toBe('2251799813685249:sms');
    expect(JSON.parse(request!.body)).toEqual({ webhook: 'sms', jobKey: '2251799813685249', template: 'stage-overdue', locale: 'zh-CN', subject: notification('').subject, text: notification('').text, timestamp: String(T0) });
  });

  it('a non-2xx answer is a transport failure', async () => {
    // given
    gateway.respond.status = 503;

    // when
    const sending = channel.send(notification('sms'));

    // then
    await expect(sending).rejects.toThrow(new TransportFailure("webhook 'sms' answered HTTP 503"));
  });

  it('no answer within the timeout is a transport failure', async () => {
    // given
    gateway.respond.delayMs = 2000;

    // when
    const sending = channel.send(notification('sms'));

    // then
    await expect(sending).rejects.toThrow(new TransportFailure("webhook 'sms': no answer within 300 ms"));
  });

  it('accepts only configured webhooks as recipients', () => {
    // then
    expect(channel.checkRecipient('sms')).toBeUndefined();
    expect(channel.checkRecipient('wechat')).toBe("'wechat' is not a configured webhook");
    expect(channel.checkRecipient('toString')).toBe("'toString' is not a configured webhook");
  });
});

describe('in-app channel', () => {
  let database: Database;
  let repository: NotificationRepository;

  beforeAll(async () => {
    database = await openTestDatabase();
    repository = new NotificationRepository(database.db);
  });
  afterAll(() => database.close());

  it('writes one unread row per recipient, once', async () => {
    // given
    const channel = new InAppChannel(repository, clock);

    // when the same job's notification is sent twice
    await channel.send(notification('user-wang'));
    await channel.send(notification('user-wang'));

    // then
    expect(await repository.forRecipient('user-wang')).toEqual([
      { id: expect.any(Number), recipient: 'user-wang', title: notification('').subject, body: notification('').text, createdAt: T0, readAt: null, jobKey: '2251799813685249' },
    ]);
    expect(await repository.deliveredRecipients('2251799813685249', 'in-app')).toEqual(new Set(['user-wang']));
  });
});
