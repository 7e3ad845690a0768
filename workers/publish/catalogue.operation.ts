import { Invalid } from '../../domain/errors';
import type { CatalogueEntryRow, DocumentRow, PublicationRepository } from '../../store/publication.repository';
import { chinaTime } from './document.operation';
import type { CataloguePublicationInput } from './handler';

/**
 * Classes of the cleanup (regime 4) that take a document out of the catalogue, and the status it
 * ends in. The diagram says `declareInvalid`; the records (cleanup_items) say `invalidate`.
 */
export const CATALOGUE_REMOVALS = { abolish: 'abolished', declareInvalid: 'invalid', invalidate: 'invalid' } as const;

/** Used when a document is neither registered nor catalogued yet and the catalogue names no category. */
const FALLBACK_CATEGORY = 'other';

/**
 * Publishes the catalogue of documents that remain valid after cleanup campaign `campaignId`:
 * each document of `catalogue` is confirmed (its entry written or updated, confirmedByCampaign =
 * the campaign), each document that `classifications` abolish or declare invalid leaves the
 * catalogue and takes that status, and the campaign is marked published. Documents are named by
 * id or by number (文号); a document not registered in the product is catalogued with the title
 * and department the catalogue gives and, its original date being unknown, the catalogue's
 * publication time. Repeating it (a retried job) changes nothing and reports the first
 * publication time. Throws `Invalid` for a catalogue that contradicts itself or lacks data.
 */
export async function publishCatalogue(repository: PublicationRepository, input: CataloguePublicationInput, now: number) {
  const campaignId = input.campaignId;
  const publishedAt = (await repository.campaign(campaignId))?.cataloguePublishedAt ?? now;
  const removals = (input.classifications ?? []).flatMap((c) =>
    c.classification && Object.hasOwn(CATALOGUE_REMOVALS, c.classification) ? [{ key: c.documentId, status: CATALOGUE_REMOVALS[c.classification as keyof typeof CATALOGUE_REMOVALS] }] : [],
  );
  const registered = await repository.documentsByIdOrNumber([...new Set([...input.catalogue.map((c) => c.documentId), ...removals.map((r) => r.key)])]);
  const resolve = (key: string): DocumentRow | undefined => registered.find((d) => d.id === key) ?? registered.find((d) => d.number === key);

  const removed = removals.map((r) => ({ documentId: resolve(r.key)?.id ?? r.key, status: r.status }));
  const listed = uniqueBy(
    input.catalogue.map((item) => ({ item, document: resolve(item.documentId) })),
    ({ item, document }) => document?.id ?? item.documentId,
  );
  const contradictions = listed.filter(({ item, document }) => removed.some((r) => r.documentId === (document?.id ?? item.documentId)));
  if (contradictions.length > 0) {
    throw new Invalid(`catalogue: ${contradictions.map(({ item }) => `'${item.documentId}'`).join(', ')} cannot remain valid and be abolished or declared invalid at once`);
  }

  const existing = await repository.catalogueEntries(listed.map(({ item, document }) => document?.id ?? item.documentId));
  const problems: string[] = [];
  const entries = listed.map(({ item, document }): Omit<CatalogueEntryRow, 'confirmedByCampaign' | 'updatedAt'> => {
    const documentId = document?.id ?? item.documentId;
    const entry = existing.find((e) => e.documentId === documentId);
    const title = document?.title ?? item.title ?? entry?.title;
    const department = document ? (document.leadDept ?? document.draftingDept) : (item.department ?? entry?.department);
    if (!title || !department) problems.push(`'${item.documentId}' is not a registered document: its title and department are required`);
    return {
      documentId,
      number: document?.number ?? item.number ?? entry?.number ?? null,
      title: title ?? '',
      category: document?.category ?? item.category ?? entry?.category ?? FALLBACK_CATEGORY,
      department: department ?? '',
      publishedAt: document?.publishedAt ?? entry?.publishedAt ?? publishedAt,
      url: entry?.url ?? null,
    };
  });
  if (problems.length > 0) throw new Invalid(`catalogue: ${problems.join('; ')}`);

  await repository.publishCatalogue({ campaignId, entries, removed, publishedAt });
  return {
    catalogueUrl: input.catalogueUrl ?? null,
    cataloguePublishedAt: chinaTime(publishedAt),
    catalogueSize: entries.length,
    removedFromCatalogue: removed.map((r) => r.documentId),
  };
}

function uniqueBy<T>(list: T[], keyOf: (t: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((t) => !seen.has(keyOf(t)) && seen.add(keyOf(t)));
}
