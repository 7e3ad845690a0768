import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { CHINA_ZONE, DEFAULT_DUE_TIME, type WorkingDayCalendar } from '../../calendar/working-days';
import type { Contact, ContactCipher } from '../../domain/contact-cipher';
import { Invalid } from '../../domain/errors';
import type { Clock } from '../../engine/clock';
import { done, type Job, type JobOutcome, type JobWorkerConfig } from '../../engine/port';
import type { PublicationRepository } from '../../store/publication.repository';
import type { PushChannel, PushRepository, PushRow } from '../../store/push.repository';
import type { SmtpChannel } from '../notify/channels';
import { retryBackOff } from '../notify/handler';
import type { PushGateway } from './gateway';
import { pushMessage, type PushMessage } from './message';

/** The job type, equal to the element template's `zeebe:taskDefinition` type. */
export const STAKEHOLDER_PUSH_TASK_TYPE = 'stakeholder-push';

/** The variables the handler reads (the template's `zeebe:input` names). */
export const STAKEHOLDER_PUSH_INPUTS = ['stakeholder', 'documentId', 'publicationUrl', 'pushDueDate', 'pushChannels', 'awaitStaffPush'] as const;

/** The channels of regime 2 in the default order of preference: automatic ones first, staff last. */
export const PUSH_CHANNELS = ['email', 'wechat', 'sms', 'phone', 'post'] as const satisfies readonly PushChannel[];
/** The channels in the officials' words, for the push records they read. */
const CHANNEL_NAMES: Record<PushChannel, string> = { email: '电子邮件', wechat: '微信', sms: '短信', phone: '电话', post: '邮寄' };
/** Channels on which staff push (call, post a letter) and then record the outcome. */
const STAFF_CHANNELS: readonly PushChannel[] = ['phone', 'post'];
/** The push period after publication (regime 2, item 5). */
export const PUSH_WORKING_DAYS = 5;
/** How often a job waiting for staff looks again whether they recorded the push. */
export const STAFF_RECHECK_MS = 30 * 60_000;

/** Unset input mappings arrive as null. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const name = z.string().trim().min(1, 'required');
const isoDateTime = z
  .string()
  .trim()
  .transform((v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T${DEFAULT_DUE_TIME}` : v))
  .transform((v, ctx) => {
    const t = DateTime.fromISO(v, { zone: CHINA_ZONE });
    if (t.isValid) return t.toMillis();
    ctx.addIssue({ code: 'custom', message: `expected an ISO date or date-time, but was '${v}'` });
    return z.NEVER;
  });

const inputs = z.object({
  /** The multi-instance element: a stakeholder id, or a stakeholder {id, …}. */
  stakeholder: z.union([name, z.object({ id: name }).transform((s) => s.id)], { error: 'expected a stakeholder id' }),
  documentId: optional(name),
  publicationUrl: optional(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' })),
  pushDueDate: optional(isoDateTime),
  pushChannels: optional(
    z
      .union([z.array(z.string()), z.string().transform((s) => s.split(/[,;\s]+/).filter(Boolean))])
      .pipe(z.array(z.enum(PUSH_CHANNELS)).min(1, 'at least one channel is required')),
  ),
  awaitStaffPush: optional(z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])),
});

export type StakeholderPushVariables = Partial<Record<(typeof STAKEHOLDER_PUSH_INPUTS)[number], unknown>>;

export interface StakeholderPushDependencies {
  pushes: PushRepository;
  publications: PublicationRepository;
  /** Opens the stakeholders' confidential contact data. */
  contacts: ContactCipher;
  calendar: WorkingDayCalendar;
  clock: Clock;
  /** The notify worker's e-mail channel; unset: no e-mail pushes on this server. */
  email?: SmtpChannel;
  /** WeChat / SMS gateways; unset: none. */
  gateway?: PushGateway;
  staffRecheckMs?: number;
}

/**
 * Pushes a published document and its interpretation to one stakeholder (one multi-instance
 * element), within 5 working days after publication (`pushDueDate`, or counted from the
 * document's publication). The channel is the first of `pushChannels` the stakeholder has
 * contact data for and this server can use: e-mail is sent over SMTP, WeChat and SMS go through
 * the signed gateway, phone and post become a pending push for staff. Every push is one record
 * per (document, stakeholder, channel): a retried or repeated job never pushes twice. Outputs
 * pushChannel, pushedAt (ISO +08:00, null while pending) and pushOutcome.
 *
 * A staff push keeps the job open (failed with its retries unchanged, looked at again every
 * `staffRecheckMs`) until staff record its outcome, so that the diagram's escalation after
 * 5 working days still sees the stakeholder unreached; with `awaitStaffPush = false` the job
 * completes at once with pushOutcome "pending". Bad input → incident; transport and database
 * failures → retry with back-off.
 */
export function stakeholderPushWorker(deps: StakeholderPushDependencies): JobWorkerConfig<StakeholderPushVariables> {
  const { pushes, clock } = deps;
  const staffRecheckMs = deps.staffRecheckMs ?? STAFF_RECHECK_MS;
  const retry = (job: Job, message: string) => done.fail(message, { retries: Math.max(0, job.retries - 1), retryBackOff: retryBackOff(job.retries) });

  const handler = async (job: Job<StakeholderPushVariables>): Promise<JobOutcome> => {
    const parsed = inputs.safeParse(job.variables);
    if (!parsed.success) return invalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
    const input = parsed.data;
    let push: PushRow;
    let target: Target;
    try {
      target = await prepare(deps, input);
      push = await pushes.claim({
        id: crypto.randomUUID(),
        documentId: target.documentId,
        stakeholderId: input.stakeholder,
        channel: target.channel,
        dueAt: target.dueAt,
        pushedAt: null,
        outcome: 'pending',
        detail: null,
        jobKey: job.key,
      });
    } catch (error) {
      if (error instanceof Invalid) return invalid(error.message);
      return retry(job, `stakeholder-push: ${failure(error)}`);
    }
    if (push.outcome !== 'pending') return done.complete(output(push));

    if (STAFF_CHANNELS.includes(push.channel)) {
      if (input.awaitStaffPush === false) return done.complete(output(push));
      return done.fail(`waiting for staff to record the ${push.channel} push to stakeholder '${push.stakeholderId}' (due ${chinaTime(push.dueAt)})`, { retries: job.retries, retryBackOff: staffRecheckMs });
    }

    const redact = (text: string) => text.split(target.address).join('***');
    try {
      if (push.channel === 'email') await deps.email!.send({ recipient: target.address, jobKey: job.key, template: 'stakeholder-push', locale: 'zh-CN', ...target.message });
      else await deps.gateway!.send({ channel: push.channel as 'wechat' | 'sms', to: target.address, jobKey: job.key, ...target.message });
    } catch (error) {
      // a TransportFailure, or anything unexpected on the way out: both are worth another try
      const detail = redact((error as Error).message);
      await pushes.noteAttempt(push.id, detail).catch(() => undefined);
      return retry(job, `stakeholder-push: ${detail}`);
    }
    try {
      return done.complete(output(await pushes.markDelivered(push.id, clock.now(), `已通过${CHANNEL_NAMES[push.channel]}发送`)));
    } catch (error) {
      return retry(job, `stakeholder-push: sent by ${push.channel}, not yet recorded: ${redact((error as Error).message)}`);
    }
  };
  return { taskType: STAKEHOLDER_PUSH_TASK_TYPE, handler, fetchVariable: [...STAKEHOLDER_PUSH_INPUTS], worker: 'stakeholder-push' };
}

interface Target {
  documentId: string;
  channel: PushChannel;
  /** The stakeholder's confidential address on that channel. */
  address: string;
  dueAt: number;
  message: PushMessage;
}

/** Where, by when and what to push; throws `Invalid` when that cannot be known from the input and records. */
async function prepare(deps: StakeholderPushDependencies, input: z.infer<typeof inputs>): Promise<Target> {
  const stakeholder = await deps.pushes.stakeholder(input.stakeholder);
  if (!stakeholder) throw new Invalid(`stakeholder: no stakeholder '${input.stakeholder}'`);
  const documentId = stakeholder.documentId;
  if (input.documentId !== undefined && input.documentId !== documentId) throw new Invalid(`stakeholder '${stakeholder.id}' belongs to document '${documentId}', not '${input.documentId}'`);
  const document = await deps.pushes.document(documentId);
  if (!document) throw new Invalid(`documentId: no document '${documentId}'`);

  let contact: Contact;
  try {
    contact = deps.contacts.open(stakeholder.id, stakeholder.contactCiphertext);
  } catch {
    throw new Invalid(`the contact data of stakeholder '${stakeholder.id}' cannot be decrypted with this server's key`);
  }
  const preference = input.pushChannels ?? PUSH_CHANNELS;
  const usable = preference.map((channel) => ({ channel, address: addressOn(channel, contact, deps) })).find((c) => c.address !== undefined);
  if (!usable) throw new Invalid(`stakeholder '${stakeholder.id}' cannot be reached on ${preference.join(', ')}: no contact data or no gateway for them`);

  const publication = await deps.publications.latestForDocument(documentId);
  const publicationUrl = input.publicationUrl ?? publication?.url;
  if (!publicationUrl) throw new Invalid(`publicationUrl: document '${documentId}' has no recorded publication`);
  const dueAt = input.pushDueDate ?? (publication ? Date.parse(deps.calendar.dueAt(chinaTime(publication.publishedAt), { workingDays: PUSH_WORKING_DAYS })) : undefined);
  if (dueAt === undefined) throw new Invalid(`pushDueDate: required, document '${documentId}' has no recorded publication to count from`);

  const interpretationUrl = publication?.items.find((item) => item.kind === 'interpretation')?.url;
  const message = pushMessage({ stakeholderName: stakeholder.name, documentTitle: document.title, publishedAt: publication?.publishedAt, publicationUrl, interpretationUrl });
  return { documentId, channel: usable.channel, address: usable.address!, dueAt, message };
}

/** The stakeholder's address on a channel, when it has one and the server can use the channel. */
function addressOn(channel: PushChannel, contact: Contact, deps: StakeholderPushDependencies): string | undefined {
  const present = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);
  switch (channel) {
    case 'email':
      return deps.email && present(contact.email) && !deps.email.checkRecipient(contact.email!.trim()) ? contact.email!.trim() : undefined;
    case 'wechat':
      return deps.gateway?.serves('wechat') ? present(contact.wechat) : undefined;
    case 'sms':
      return deps.gateway?.serves('sms') ? present(contact.phone) : undefined;
    case 'phone':
      return present(contact.phone);
    case 'post':
      return present(contact.postalAddress) ?? present(contact.address);
  }
}

function output(push: PushRow) {
  return { pushChannel: push.channel, pushedAt: push.pushedAt === null ? null : chinaTime(push.pushedAt), pushOutcome: push.outcome };
}

function chinaTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: CHINA_ZONE }).toISO({ suppressMilliseconds: true })!;
}

const invalid = (problems: string) => done.fail(`invalid stakeholder-push input: ${problems}`, { retries: 0 });

/** What went wrong, in the driver's words when a query failed (not the SQL text). */
const failure = (error: unknown) => ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
