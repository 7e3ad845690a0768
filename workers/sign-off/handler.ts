import crypto, { type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { Conflict, Invalid } from '../../domain/errors';
import type { Clock } from '../../engine/clock';
import { done, type Job, type JobOutcome, type JobWorkerConfig } from '../../engine/port';
import { retryBackOff } from '../notify/handler';
import { contentHash, DECISIONS, hashContent, keyring, signStatement, type SignatureAlgorithm, type SignOffKeys } from './signature';
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
    documentId: optional(z.union([name, z.number().int().transform(String)])),
    version: optional(version),
    content: optional(z.string().min(1, 'the document text is empty')),
    contentHash: optional(z.string().trim().regex(/^[0-9a-fA-F]{64}$/, 'expected a hex digest (64 digits): SHA-256, or SM3 when the server signs with SM2').transform((h) => h.toLowerCase())),
    signer: name,
    role: name,
    decision: z.enum(DECISIONS).nullish().transform((d) => d ?? 'approve'),
  })
  .refine((v) => v.content === undefined || v.contentHash === undefined, { message: 'give content or contentHash, not both', path: ['content'] })
  .refine((v) => (v.content === undefined && v.contentHash === undefined) || v.documentId !== undefined, {
    message: 'required when the text or its hash is given',
    path: ['documentId'],
  })
  .refine((v) => (v.content === undefined && v.contentHash === undefined) || v.version !== undefined, { message: 'required when the text or its hash is given', path: ['version'] });

type SignOffInput = z.infer<typeof inputs>;
export type SignOffVariables = Partial<Record<(typeof SIGN_OFF_INPUTS)[number], unknown>>;

export interface SignOffDependencies {
  signatures: SignatureRepository;
  /** The server's Ed25519 private key, or its keyring (see `loadSignOffKeys`), whose algorithm signs. */
  signingKey: KeyObject | SignOffKeys;
  clock: Clock;
}

/**
 * Signs a sign-off: `signer` in `role` approves or rejects one exact version of a document,
 * identified by the digest of its text (SHA-256; SM3 when the server signs with SM2/SM3). The text is, in this order: `content`; or `contentHash`
 * when the text lives outside the product (then documentId and version are required); or, when
 * neither is given, the stored text of the version in document_versions — `documentId` defaulting
 * to the document linked to the process instance and `version` to its current version — whose
 * recorded hash must still match it (a stored text altered since it was saved is not signed). The
 * statement is signed with the server's Ed25519 key and stored; the job outputs `signature`
 * {id, contentHash, signedAt, version, documentId, decision}. A retried job returns the signature
 * it already made. Bad input or an altered text fails the job without retries; a database failure
 * is retried with back-off.
 */
export function signOffWorker({ signatures, signingKey, clock }: SignOffDependencies): JobWorkerConfig<SignOffVariables> {
  const keys = keyring(signingKey);
  if (keys.algorithm === 'ed25519' && (keys.ed25519.type !== 'private' || keys.ed25519.asymmetricKeyType !== 'ed25519')) throw new Error('sign-off needs an Ed25519 private key');
  if (keys.algorithm === 'sm2-sm3' && !keys.sm2?.privateKey) throw new Error('sign-off with SM2 needs the SM2 private key');

  const handler = async (job: Job<SignOffVariables>): Promise<JobOutcome> => {
    try {
      const earlier = await signatures.forJob(job.key);
      if (earlier) return done.complete(output(earlier));

      const parsed = inputs.safeParse(job.variables);
      if (!parsed.success) return invalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
      const { signer, role, decision } = parsed.data;
      const subject = await signedSubject(signatures, job, parsed.data, keys.algorithm);
      const signed = signStatement({ ...subject, signer, role, decision, signedAt: clock.now() }, keys);
      const row = await signatures.insertOnce({ id: crypto.randomUUID(), jobKey: job.key, ...signed });
      return done.complete(output(row));
    } catch (error) {
      if (error instanceof Invalid) return invalid(error.message);
      if (error instanceof Conflict) return done.fail(`sign-off refused: ${error.message}`, { retries: 0 });
      return done.fail(`sign-off: ${failure(error)}`, { retries: Math.max(0, job.retries - 1), retryBackOff: retryBackOff(job.retries) });
    }
  };
  return { taskType: SIGN_OFF_TASK_TYPE, handler, fetchVariable: [...SIGN_OFF_INPUTS], worker: 'sign-off' };
}

/**
 * Document, version and content hash that are signed. Throws `Invalid` when they cannot be
 * established, `Conflict` when the stored text was altered after it was saved.
 */
async function signedSubject(signatures: SignatureRepository, job: Job, input: SignOffInput, algorithm: SignatureAlgorithm): Promise<{ documentId: string; version: number; contentHash: string }> {
  if (input.content !== undefined) return { documentId: input.documentId!, version: input.version!, contentHash: hashContent(algorithm, input.content) };
  if (input.contentHash !== undefined) return { documentId: input.documentId!, version: input.version!, contentHash: input.contentHash };

  const documentId = input.documentId ?? (await signatures.documentOfProcess(job.processInstanceKey));
  if (!documentId) throw new Invalid('documentId: required (no document is linked to this process instance)');
  const current = await signatures.currentVersion(documentId);
  if (current === undefined) throw new Invalid(`documentId: no document '${documentId}'`);
  const version = input.version ?? current;
  if (version < 1) throw new Invalid(`version: document '${documentId}' has no version yet`);
  const stored = await signatures.storedVersion(documentId, version);
  if (!stored) throw new Invalid(`version: document '${documentId}' has no version ${version}`);
  const hash = contentHash(stored.content);
  if (hash !== stored.contentHash) {
    throw new Conflict(`the stored text of document '${documentId}' version ${version} no longer matches the hash recorded when it was saved: it was altered, and is not signed`);
  }
  return { documentId, version, contentHash: hashContent(algorithm, stored.content) };
}

function output(row: SignatureRow) {
  return {
    signature: { id: row.id, contentHash: row.contentHash, signedAt: new Date(row.signedAt).toISOString(), version: row.version, documentId: row.documentId, decision: row.decision },
  };
}

const invalid = (problems: string) => done.fail(`invalid sign-off input: ${problems}`, { retries: 0 });

/** What went wrong, in the driver's words when a query failed (not the SQL text). */
const failure = (error: unknown) => ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
