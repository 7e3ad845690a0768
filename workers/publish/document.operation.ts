import crypto, { type KeyObject } from 'node:crypto';
import { DateTime } from 'luxon';
import { CHINA_ZONE } from '../../calendar/working-days';
import { Conflict, Invalid } from '../../domain/errors';
import type { Job } from '../../engine/port';
import type { PublicationRepository, PublicationRow } from '../../store/publication.repository';
import { hashContent, type SignOffKeys, verifySignature } from '../sign-off/signature';
import type { DocumentPublication } from './handler';

/** The parts published together on the portal (regime 2, item 4), in the order they are listed. */
export const ITEM_KINDS = ['text', 'implementing-rules', 'supporting-measures', 'policy-list', 'interpretation'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Keys of the context form of `items` (FEEL-friendly camelCase) and the kind each stands for. */
export const ITEM_KEYS = {
  text: 'text',
  implementingRules: 'implementing-rules',
  supportingMeasures: 'supporting-measures',
  policyList: 'policy-list',
  interpretation: 'interpretation',
} as const satisfies Record<string, ItemKind>;

/** Official wording of each part, used when an item comes without a title. */
export const ITEM_LABELS: Record<ItemKind, string> = {
  text: '文件文本',
  'implementing-rules': '实施细则',
  'supporting-measures': '配套措施',
  'policy-list': '政策清单',
  interpretation: '解读材料',
};

/** Parts without which a publication is incomplete: whoever drafts, interprets, on the same day. */
const REQUIRED: ItemKind[] = ['text', 'interpretation'];

/**
 * Records the same-day publication of a document's version with all its parts, marks the
 * document published and writes its catalogue entry. The document is `documentId` or, when
 * unset, the one linked to the job's process instance; the version defaults to the current one.
 * With `signatureId`, publishes only what the leader signed off: see `checkSignOff`. Throws
 * `Invalid` for bad input and `Conflict` for a sign-off that does not hold. A job that already
 * published returns that publication.
 */
export async function publishDocument(repository: PublicationRepository, job: Job, input: DocumentPublication, now: number, signOffKey: KeyObject | SignOffKeys) {
  const earlier = await repository.forJob(job.key);
  if (earlier) return output(earlier);

  const documentId = input.documentId ?? (await repository.documentOfProcess(job.processInstanceKey));
  if (!documentId) throw new Invalid('documentId: required (no document is linked to this process instance)');
  const document = await repository.document(documentId);
  if (!document) throw new Invalid(`documentId: no document '${documentId}'`);
  if (document.status === 'abolished' || document.status === 'invalid') throw new Invalid(`document '${documentId}' is ${document.status} and cannot be published`);
  const version = input.version ?? document.currentVersion;
  if (version < 1) throw new Invalid(`version: document '${documentId}' has no version yet`);
  const text = await repository.versionText(documentId, version);
  if (text === undefined) throw new Invalid(`version: document '${documentId}' has no version ${version}`);
  if (input.signatureId !== undefined) await checkSignOff(repository, { signatureId: input.signatureId, documentId, version, text }, signOffKey);

  const missing = REQUIRED.filter((kind) => !input.items.some((item) => item.kind === kind));
  if (missing.length > 0) throw new Invalid(`items: the ${missing.map((k) => `${k} (${ITEM_LABELS[k]})`).join(' and ')} must be published together with the rest`);
  const items = [...input.items]
    .sort((a, b) => ITEM_KINDS.indexOf(a.kind) - ITEM_KINDS.indexOf(b.kind))
    .map((item) => ({ kind: item.kind, title: item.title ?? `${ITEM_LABELS[item.kind]}：《${document.title}》`, url: item.url }));
  const url = input.publicationUrl ?? items.find((item) => item.kind === 'text')!.url;

  const saved = await repository.publishDocument(
    { id: crypto.randomUUID(), documentId, version, items, url, publishedAt: now, jobKey: job.key, signatureId: input.signatureId ?? null },
    { documentId, number: document.number, title: document.title, category: document.category, department: document.leadDept ?? document.draftingDept, publishedAt: now, url },
  );
  return output(saved);
}

/**
 * Throws `Conflict` unless signature `signatureId` exists, approves, is for this document and the
 * very version being published, and verifies with the server's key against the version's stored
 * text — so a text changed after sign-off, or a newer version than the one signed, is not published.
 */
async function checkSignOff(repository: PublicationRepository, subject: { signatureId: string; documentId: string; version: number; text: string }, signOffKey: KeyObject | SignOffKeys) {
  const { signatureId, documentId, version, text } = subject;
  const refuse = (why: string) => new Conflict(`sign-off '${signatureId}': ${why}; document '${documentId}' version ${version} is not published`);
  const signature = await repository.signature(signatureId);
  if (!signature) throw refuse('no such signature');
  if (signature.decision !== 'approve') throw refuse(`it is a ${signature.decision}, not an approval`);
  if (signature.documentId !== documentId) throw refuse(`it signs document '${signature.documentId}'`);
  if (signature.version !== version) throw refuse(`it signs version ${signature.version}, not the version being published`);
  if (signature.contentHash !== hashContent(signature.algorithm === 'sm2-sm3' ? 'sm2-sm3' : 'ed25519', text)) throw refuse('the stored text of the version was changed after it was signed');
  if (!verifySignature(signature, text, signOffKey)) throw refuse("the signature does not verify with this server's sign-off key");
}

function output(row: PublicationRow) {
  return { publicationId: row.id, publicationUrl: row.url, publishedAt: chinaTime(row.publishedAt) };
}

/** An instant as an ISO date-time in China Standard Time, e.g. 2026-11-27T09:00:00+08:00. */
export function chinaTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: CHINA_ZONE }).toISO({ suppressMilliseconds: true })!;
}
