import type { Clock } from '../../engine/clock';
import { postSignedWebhook, WEBHOOK_TIMEOUT_MS, type WebhookEndpoint } from '../notify/channels';

/** The gateways a push can go through: a WeChat service account and an SMS gateway. */
export const GATEWAY_CHANNELS = ['wechat', 'sms'] as const;
export type GatewayChannel = (typeof GATEWAY_CHANNELS)[number];

/** One push to one person through a gateway. */
export interface GatewayMessage {
  channel: GatewayChannel;
  /** The person's address on that channel: a WeChat id or a mobile number (confidential). */
  to: string;
  /** The push job; also the receiver's idempotency key. */
  jobKey: string;
  subject: string;
  text: string;
}

/**
 * Signed HTTP POST of a push to the WeChat or SMS gateway, in the notify webhooks' format
 * (`X-Signature: sha256=<HMAC-SHA256 of the body>`, `X-Timestamp`, `Idempotency-Key`) and with
 * their configuration (NOTIFY_WEBHOOKS ids `wechat` and `sms`), plus the addressee `to` that
 * notify's gateway messages do not carry. Throws `TransportFailure` for problems worth retrying.
 */
export class PushGateway {
  constructor(
    private readonly endpoints: Partial<Record<string, WebhookEndpoint>>,
    private readonly clock: Clock,
    private readonly timeoutMs = WEBHOOK_TIMEOUT_MS,
  ) {}

  /** Whether this server has a gateway for `channel`. */
  serves(channel: GatewayChannel): boolean {
    return Object.hasOwn(this.endpoints, channel);
  }

  async send(m: GatewayMessage): Promise<void> {
    const endpoint = this.endpoints[m.channel];
    if (!endpoint) throw new Error(`no '${m.channel}' gateway is configured`);
    await postSignedWebhook(endpoint, { webhook: m.channel, to: m.to, jobKey: m.jobKey, template: 'stakeholder-push', locale: 'zh-CN', subject: m.subject, text: m.text }, {
      idempotencyKey: `${m.jobKey}:${m.channel}`,
      label: `${m.channel} gateway`,
      now: this.clock.now(),
      timeoutMs: this.timeoutMs,
    });
  }
}
