import crypto, { type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { Conflict, Invalid } from '../../domain/errors';
import type { Clock } from '../../engine/clock';
import { done, type Job, type JobOutcome, type JobWorkerConfig } from '../../engine/port';
import type { PublicationRepository } from '../../store/publication.repository';
import { retryBackOff } from '../notify/handler';
import { keyring, type SignOffKeys } from '../sign-off/signature';
import { publishCatalogue } from './catalogue.operation';
import { ITEM_KINDS, ITEM_KEYS, publishDocument } from './document.operation';

/** The job type, equal to the element template's `zeebe:taskDefinition` type. */
export const PUBLISH_TASK_TYPE = 'publish';

/** Inputs of the publication of a document (regime 2). */
export const DOCUMENT_INPUTS = ['documentId', 'version', 'items', 'publicationUrl', 'signatureId'] as const;
/** Inputs of the publication of the catalogue after a cleanup campaign (regime 4). */
export const CATALOGUE_INPUTS = ['catalogue', 'campaignId', 'classifications', 'catalogueUrl'] as const;
/** The variables the handler reads (the template's `zeebe:input` names). */
export const PUBLISH_INPUTS = [...DOCUMENT_INPUTS, ...CATALOGUE_INPUTS] as const;

/** Unset input mappings arrive as null. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const name = z.string().trim().min(1, 'required');
const key = z.union([name, z.number().int().transform(String)]);
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
/** A version from a FEEL number (`=3`) or a static input mapping, which arrives as a string ("3"). */
const version = z.preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v), z.number({ error: 'expected a whole number' }).int().min(1));
/** One URL or several (e.g. two supporting measures). */
const partUrls = optional(z.union([httpUrl.transform((u) => [u]), z.array(httpUrl)]));

/** Items as a list [{kind, title?, url}] or as a context {text: url, interpretation: url, implementingRules: [url, …], …}. */
const items = z.union([
  z.array(z.object({ kind: z.enum(ITEM_KINDS), title: optional(name), url: httpUrl })).min(1, 'at least the text and the interpretation are required'),
  z
    .strictObject({ text: partUrls, implementingRules: partUrls, supportingMeasures: partUrls, policyList: partUrls, interpretation: partUrls })
    .transform((byKey) =>
      Object.entries(byKey).flatMap(([k, list]) => (list ?? []).map((url) => ({ kind: ITEM_KEYS[k as keyof typeof ITEM_KEYS], title: undefined, url }))),
    ),
]);

const documentInputs = z.object({
  documentId: optional(key),
  version: optional(version),
  items,
  publicationUrl: optional(httpUrl),
  signatureId: optional(name),
});

const catalogueInputs = z.object({
  catalogue: z.array(
    z.object({ documentId: key, title: optional(name), department: optional(name), number: optional(name), category: optional(name) }),
    { error: 'expected a list of {documentId, title, department}' },
  ),
  campaignId: key,
  classifications: optional(z.array(z.object({ documentId: key, classification: z.string().nullish() }))),
  catalogueUrl: optional(httpUrl),
});

export type PublishVariables = Partial<Record<(typeof PUBLISH_INPUTS)[number], unknown>>;
export type DocumentPublication = z.infer<typeof documentInputs>;
export type CataloguePublicationInput = z.infer<typeof catalogueInputs>;

export interface PublishDependencies {
  publications: PublicationRepository;
  /** The server's sign-off key or keyring (see `loadSignOffKeys`; public halves suffice): sign-offs are verified with it. */
  signOffKey: KeyObject | SignOffKeys;
  clock: Clock;
}

/**
 * Two uses, chosen by the inputs:
 * - a document (regime 2): records the same-day publication of its text, implementing rules,
 *   supporting measures, policy list and interpretation materials (`items`; text and
 *   interpretation required) as one publication at one instant, sets the document `published`,
 *   writes its catalogue entry; outputs publicationId, publicationUrl, publishedAt. With
 *   `signatureId` (the leader's sign-off), only when that signature approves exactly this version
 *   and still verifies against its stored text; the publication records it. A retried job returns
 *   the publication it already recorded.
 * - the catalogue after a cleanup (regime 4), when `catalogue` is set: confirms the documents
 *   that remain valid for `campaignId`, removes those `classifications` abolish or declare
 *   invalid, marks the campaign published; outputs catalogueUrl, cataloguePublishedAt,
 *   catalogueSize, removedFromCatalogue. Repeating it changes nothing.
 * Bad input or a sign-off that does not hold fails the job without retries (incident); a database
 * failure is retried with back-off.
 */
export function publishWorker({ publications, signOffKey, clock }: PublishDependencies): JobWorkerConfig<PublishVariables> {
  const keys = keyring(signOffKey);
  if (keys.ed25519.asymmetricKeyType !== 'ed25519') throw new Error('publish needs the Ed25519 sign-off key');
  // only the public halves are kept
  const trustedKey: SignOffKeys = {
    algorithm: keys.algorithm,
    ed25519: keys.ed25519.type === 'private' ? crypto.createPublicKey(keys.ed25519) : keys.ed25519,
    sm2: keys.sm2 ? { publicKey: keys.sm2.publicKey } : undefined,
  };
  const handler = async (job: Job<PublishVariables>): Promise<JobOutcome> => {
    const cataloguing = job.variables.catalogue !== undefined && job.variables.catalogue !== null;
    const parsed = cataloguing ? catalogueInputs.safeParse(job.variables) : documentInputs.safeParse(job.variables);
    if (!parsed.success) return invalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
    try {
      const output = cataloguing
        ? await publishCatalogue(publications, parsed.data as CataloguePublicationInput, clock.now())
        : await publishDocument(publications, job, parsed.data as DocumentPublication, clock.now(), trustedKey);
      return done.complete(output);
    } catch (error) {
      if (error instanceof Invalid) return invalid(error.message);
      if (error instanceof Conflict) return done.fail(`publication refused: ${error.message}`, { retries: 0 });
      return done.fail(`publish: ${failure(error)}`, { retries: Math.max(0, job.retries - 1), retryBackOff: retryBackOff(job.retries) });
    }
  };
  return { taskType: PUBLISH_TASK_TYPE, handler, fetchVariable: [...PUBLISH_INPUTS], worker: 'publish' };
}

const invalid = (problems: string) => done.fail(`invalid publish input: ${problems}`, { retries: 0 });

/** What went wrong, in the driver's words when a query failed (not the SQL text). */
const failure = (error: unknown) => ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
