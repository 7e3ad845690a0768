import crypto, { type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../engine/clock';
import { done, type Job, type JobOutcome, type JobWorkerConfig } from '../../engine/port';
import { contentHash, DECISIONS, signStatement } from './signature';
import type { SignatureRepository, SignatureRow } from './signature.repository';

/** The job type, equal to the element template's `zeebe:taskDefinition` type. */
export const SIGN_OFF_TASK_TYPE = 'sign-off';

/** The variables the handler reads (the template's `zeebe:input` names). */
export const SIGN_OFF_INPUTS = ['documentId', 'version', 'content', 'contentHash', 'signer', 'role', 'decision'] as const;

/** Unset input mappings arrive as null. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const name = z.string().trim().min(1, 'required');
/** A version from a FEEL number (`=3`) or a static input mapping, which arrives as a string ("3"). */
const version = z.preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v), z.number({ error: 'expected a whole number' }).int().min(1));

const inputs = z
  .object({
    documentId: z.union([name, z.number().int().transform(String)]),
    version,
    content: optional(z.string().min(1, 'the document text is empty')),
    contentHash: optional(z.string().trim().regex(/^[0-9a-fA-F]{64}$/, 'expected a hex SHA-256 (64 digits)').transform((h) => h.toLowerCase())),
    signer: name,
    role: name,
    decision: z.enum(DECISIONS).nullish().transform((d) => d ?? 'approve'),
  })
  .refine((v) => (v.content === undefined) !== (v.contentHash === undefined), { message: 'exactly one of content or contentHash is required', path: ['content'] });

export type SignOffVariables = Partial<Record<(typeof SIGN_OFF_INPUTS)[number], unknown>>;

export interface SignOffDependencies {
  signatures: SignatureRepository;
  /** The server's Ed25519 private key (see `loadOrCreateSigningKey`). */
  signingKey: KeyObject;
  clock: Clock;
}

/**
 * Signs a sign-off: `signer` in `role` approves or rejects version `version` of document
 * `documentId`, identified by the SHA-256 of its exact text (`content`, or `contentHash` when the
 * text lives elsewhere). The statement is signed with the server's Ed25519 key and stored; the
 * job outputs `signature` {id, contentHash, signedAt}. A retried job returns the signature it
 * already made. Bad input fails the job without retries.
 */
export function signOffWorker({ signatures, signingKey, clock }: SignOffDependencies): JobWorkerConfig<SignOffVariables> {
  if (signingKey.type !== 'private' || signingKey.asymmetricKeyType !== 'ed25519') throw new Error('sign-off needs an Ed25519 private key');

  const handler = async (job: Job<SignOffVariables>): Promise<JobOutcome> => {
    const earlier = await signatures.forJob(job.key);
    if (earlier) return done.complete(output(earlier));

    const parsed = inputs.safeParse(job.variables);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      return done.fail(`invalid sign-off input: ${problems}`, { retries: 0 });
    }
    const { content, contentHash: givenHash, ...statement } = parsed.data;
    const signed = signStatement({ ...statement, contentHash: givenHash ?? contentHash(content!), signedAt: clock.now() }, signingKey);
    const row = await signatures.insertOnce({ id: crypto.randomUUID(), jobKey: job.key, ...signed });
    return done.complete(output(row));
  };
  return { taskType: SIGN_OFF_TASK_TYPE, handler, fetchVariable: [...SIGN_OFF_INPUTS], worker: 'sign-off' };
}

function output(row: SignatureRow) {
  return { signature: { id: row.id, contentHash: row.contentHash, signedAt: new Date(row.signedAt).toISOString() } };
}
