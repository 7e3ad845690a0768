import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { CHINA_ZONE } from '../../calendar/working-days';
import { Invalid } from '../../domain/errors';
import type { Job } from '../../engine/port';
import type { PublicationRepository, PublicationRow } from '../../store/publication.repository';
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
 * Throws `Invalid` for bad input. A job that already published returns that publication.
 */
export async function publishDocument(repository: PublicationRepository, job: Job, input: DocumentPublication, now: number) {
  const earlier = await repository.forJob(job.key);
  if (earlier) return output(earlier);

  const documentId = input.documentId ?? (await repository.documentOfProcess(job.processInstanceKey));
  if (!documentId) throw new Invalid('documentId: required (no document is linked to this process instance)');
  const document = await repository.document(documentId);
  if (!document) throw new Invalid(`documentId: no document '${documentId}'`);
  if (document.status === 'abolished' || document.status === 'invalid') throw new Invalid(`document '${documentId}' is ${document.status} and cannot be published`);
  const version = input.version ?? document.currentVersion;
  if (version < 1) throw new Invalid(`version: document '${documentId}' has no version yet`);
  if (!(await repository.hasVersion(documentId, version))) throw new Invalid(`version: document '${documentId}' has no version ${version}`);

  const missing = REQUIRED.filter((kind) => !input.items.some((item) => item.kind === kind));
  if (missing.length > 0) throw new Invalid(`items: the ${missing.map((k) => `${k} (${ITEM_LABELS[k]})`).join(' and ')} must be published together with the rest`);
  const items = [...input.items]
    .sort((a, b) => ITEM_KINDS.indexOf(a.kind) - ITEM_KINDS.indexOf(b.kind))
    .map((item) => ({ kind: item.kind, title: item.title ?? `${ITEM_LABELS[item.kind]}：《${document.title}》`, url: item.url }));
  const url = input.publicationUrl ?? items.find((item) => item.kind === 'text')!.url;

  const saved = await repository.publishDocument(
    { id: crypto.randomUUID(), documentId, version, items, url, publishedAt: now, jobKey: job.key },
    { documentId, number: document.number, title: document.title, category: document.category, department: document.leadDept ?? document.draftingDept, publishedAt: now, url },
  );
  return output(saved);
}

function output(row: PublicationRow) {
  return { publicationId: row.id, publicationUrl: row.url, publishedAt: chinaTime(row.publishedAt) };
}

/** An instant as an ISO date-time in China Standard Time, e.g. 2026-11-27T09:00:00+08:00. */
export function chinaTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: CHINA_ZONE }).toISO({ suppressMilliseconds: true })!;
}
