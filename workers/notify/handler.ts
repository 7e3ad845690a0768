import { z } from 'zod';
import { Invalid } from '../../domain/errors';
import type { Clock } from '../../engine/clock';
import { done, type Job, type JobOutcome, type JobWorkerConfig } from '../../engine/port';
import { TransportFailure, type NotificationChannel } from './channels';
import type { ChannelName, NotificationRepository } from './notification.repository';
import { LOCALES, renderTemplate, TEMPLATE_IDS } from './templates';

/** The job type, equal to the element template's `zeebe:taskDefinition` type. */
export const NOTIFY_TASK_TYPE = 'notify';

/** The variables the handler reads (the template's `zeebe:input` names). */
export const NOTIFY_INPUTS = ['channel', 'recipients', 'template', 'locale', 'data'] as const;

/** Back-off of the first retry after a transport failure; it doubles with each later one, up to 15 min. */
export const FIRST_RETRY_BACKOFF_MS = 30_000;
const MAX_RETRY_BACKOFF_MS = 15 * 60_000;
/** Zeebe's default job retries, the count the back-off grows from. */
const DEFAULT_RETRIES = 3;

/** Unset input mappings arrive as null. */
const absent = z.null().optional().transform(() => undefined);

const inputs = z.object({
  channel: z.enum(['email', 'in-app', 'webhook']),
  /** A FEEL list, or a static mapping "a@example.cn, b@example.cn". */
  recipients: z
    .union([z.array(z.string().trim().min(1)), z.string().transform((s) => s.split(/[,;\s]+/).filter(Boolean))])
    .transform((list) => [...new Set(list)])
    .pipe(z.array(z.string()).min(1, 'at least one recipient is required')),
  template: z.enum(TEMPLATE_IDS),
  locale: z.union([z.enum(LOCALES), absent]).transform((l) => l ?? 'zh-CN'),
  data: z.union([z.record(z.string(), z.unknown()), absent]).transform((d) => d ?? {}),
});

export type NotifyVariables = Partial<Record<(typeof NOTIFY_INPUTS)[number], unknown>>;

export interface NotifyDependencies {
  /** The channels configured in this process; a job for a missing one raises an incident. */
  channels: NotificationChannel[];
  deliveries: NotificationRepository;
  clock: Clock;
}

/**
 * Sends one built-in template (zh-CN or en) to every recipient on one channel: e-mail, in-app or
 * webhook. Bad input (unknown template, missing data, malformed recipient, unconfigured channel)
 * fails the job without retries; a transport failure fails it with one retry fewer and a growing
 * back-off, never a BPMN error.
 *
 * Idempotency: each successful send is recorded per (job key, channel, recipient) and a retried
 * job skips those recipients. The record is written after the send, so a crash or database
 * failure between the two can send one e-mail or webhook call twice (at least once); in-app
 * notifications are written with their record in one transaction (exactly once).
 */
export function notifyWorker({ channels, deliveries, clock }: NotifyDependencies): JobWorkerConfig<NotifyVariables> {
  const byName = new Map<ChannelName, NotificationChannel>(channels.map((c) => [c.name, c]));

  const handler = async (job: Job<NotifyVariables>): Promise<JobOutcome> => {
    const parsed = inputs.safeParse(job.variables);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      return done.fail(`invalid notify input: ${problems}`, { retries: 0 });
    }
    const { channel: channelName, recipients, template, locale, data } = parsed.data;
    const channel = byName.get(channelName);
    if (!channel) return done.fail(`invalid notify input: channel '${channelName}' is not configured on this server`, { retries: 0 });
    const unreachable = recipients.map((r) => channel.checkRecipient(r)).filter((p) => p !== undefined);
    if (unreachable.length > 0) return done.fail(`invalid notify input: recipients: ${unreachable.join('; ')}`, { retries: 0 });
    let rendered;
    try {
      rendered = renderTemplate(template, locale, data);
    } catch (error) {
      if (error instanceof Invalid) return done.fail(`invalid notify input: ${error.message}`, { retries: 0 });
      throw error;
    }

    const already = await deliveries.deliveredRecipients(job.key, channelName);
    const failures: string[] = [];
    for (const recipient of recipients.filter((r) => !already.has(r))) {
      try {
        await channel.send({ ...rendered, recipient, jobKey: job.key, template, locale });
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
        failures.push(error.message);
        continue;
      }
      await deliveries.recordDelivery(job.key, channelName, recipient, clock.now());
    }
    if (failures.length > 0) {
      const sent = recipients.length - failures.length;
      return done.fail(`notify: ${failures.length} of ${recipients.length} not delivered (${sent} done, not resent on retry): ${failures.join('; ')}`, {
        retries: Math.max(0, job.retries - 1),
        retryBackOff: retryBackOff(job.retries),
      });
    }
    return done.complete();
  };
  return { taskType: NOTIFY_TASK_TYPE, handler, fetchVariable: [...NOTIFY_INPUTS], worker: 'notify' };
}

/** 30 s, 60 s, 120 s … for the first, second, third retry of a job that started with 3 retries. */
export function retryBackOff(retriesLeft: number): number {
  const attempt = Math.max(0, DEFAULT_RETRIES - retriesLeft);
  return Math.min(MAX_RETRY_BACKOFF_MS, FIRST_RETRY_BACKOFF_MS * 2 ** attempt);
}
