import crypto from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock } from '../../engine/clock';
import type { ChannelName, NotificationRepository } from './notification.repository';
import type { RenderedNotification } from './templates';

/** One notification for one recipient, as a channel sends it. */
export interface OutgoingNotification extends RenderedNotification {
  recipient: string;
  /** The notify job; channels pass it on so receivers can drop duplicates. */
  jobKey: string;
  template: string;
  locale: string;
}

/**
 * A way of reaching people. `send` resolves once the recipient's side accepted the notification
 * and throws `TransportFailure` for problems worth retrying.
 */
export interface NotificationChannel {
  readonly name: ChannelName;
  /** Why `recipient` can never be reached on this channel, or undefined when it looks right. */
  checkRecipient(recipient: string): string | undefined;
  send(notification: OutgoingNotification): Promise<void>;
}

/** The transport failed (connection, timeout, refusal); the same send may succeed later. */
export class TransportFailure extends Error {
  override name = 'TransportFailure';
}

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

export interface SmtpOptions {
  host: string;
  port: number;
  /** Sender address, e.g. `"市政府办公室" <noreply@example.gov.cn>`. */
  from: string;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  user?: string;
  password?: string;
  /** Connection, greeting and socket timeout in ms (default 10 s). */
  timeoutMs?: number;
}

/** E-mail through an SMTP relay (nodemailer), one message per recipient. */
export class SmtpChannel implements NotificationChannel {
  readonly name = 'email' as const;
  private readonly transporter: Transporter;

  constructor(private readonly options: SmtpOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.transporter = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure ?? false,
      auth: options.user ? { user: options.user, pass: options.password ?? '' } : undefined,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  checkRecipient(recipient: string): string | undefined {
    return EMAIL.test(recipient) ? undefined : `'${recipient}' is not an e-mail address`;
  }

  async send(n: OutgoingNotification): Promise<void> {
    try {
      await this.transporter.sendMail({
        from: this.options.from,
        to: n.recipient,
        subject: n.subject,
        text: n.text,
        headers: { 'X-Policy-Flow-Job': n.jobKey },
      });
    } catch (error) {
      throw new TransportFailure(`SMTP ${this.options.host}:${this.options.port}: ${(error as Error).message}`);
    }
  }

  /** Closes pooled connections. */
  close(): void {
    this.transporter.close();
  }
}

/** In-app notifications: rows in the `notifications` table, read by the task inbox. */
export class InAppChannel implements NotificationChannel {
  readonly name = 'in-app' as const;

  constructor(
    private readonly repository: NotificationRepository,
    private readonly clock: Clock,
  ) {}

  checkRecipient(recipient: string): string | undefined {
    return /^\S+$/.test(recipient) ? undefined : `'${recipient}' is not a user id`;
  }

  send(n: OutgoingNotification): Promise<void> {
    return this.repository.insertInApp({ recipient: n.recipient, title: n.subject, body: n.text, createdAt: this.clock.now(), jobKey: n.jobKey });
  }
}

export interface WebhookEndpoint {
  url: string;
  /** Shared secret of the HMAC-SHA256 signature. */
  secret: string;
}

export const WEBHOOK_TIMEOUT_MS = 5_000;

/** The signature a webhook receiver checks: hex HMAC-SHA256 of the exact body bytes. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Signed HTTP POST to a gateway (SMS, WeChat), the recipient being the gateway's id. Headers:
 * `X-Signature` (see `webhookSignature`), `X-Timestamp` (epoch ms, also inside the signed body so
 * a receiver can refuse replays) and `Idempotency-Key` (job key and webhook id, for receivers
 * that drop duplicates).
 */
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook' as const;

  constructor(
    private readonly endpoints: Record<string, WebhookEndpoint>,
    private readonly clock: Clock,
    private readonly timeoutMs = WEBHOOK_TIMEOUT_MS,
  ) {}

  checkRecipient(recipient: string): string | undefined {
    return Object.hasOwn(this.endpoints, recipient) ? undefined : `'${recipient}' is not a configured webhook`;
  }

  async send(n: OutgoingNotification): Promise<void> {
    await postSignedWebhook(this.endpoints[n.recipient]!, { webhook: n.recipient, jobKey: n.jobKey, template: n.template, locale: n.locale, subject: n.subject, text: n.text }, {
      idempotencyKey: `${n.jobKey}:${n.recipient}`,
      label: `webhook '${n.recipient}'`,
      now: this.clock.now(),
      timeoutMs: this.timeoutMs,
    });
  }
}

/**
 * POSTs `payload` plus a `timestamp` as JSON to a gateway, signed with HMAC-SHA256 of the exact
 * body (`x-signature`), with an idempotency key so the gateway can drop a retried delivery. A
 * network error, timeout or non-2xx answer is a TransportFailure (the job is retried).
 */
export async function postSignedWebhook(
  endpoint: WebhookEndpoint,
  payload: Record<string, unknown>,
  options: { idempotencyKey: string; label: string; now: number; timeoutMs: number },
): Promise<void> {
  const timestamp = String(options.now);
  const body = JSON.stringify({ ...payload, timestamp });
  let response: Response;
  try {
    response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-signature': webhookSignature(body, endpoint.secret),
        'x-timestamp': timestamp,
        'idempotency-key': options.idempotencyKey,
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : (((error as Error).cause as Error)?.message ?? (error as Error).message);
    throw new TransportFailure(`${options.label}: ${reason}`);
  }
  await response.body?.cancel();
  if (!response.ok) throw new TransportFailure(`${options.label} answered HTTP ${response.status}`);
}
