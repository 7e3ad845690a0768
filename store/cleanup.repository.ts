import { and, asc, count, desc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Db } from './database';
import { cleanupCampaigns, cleanupItems } from './schema';

export type CleanupCampaignRow = typeof cleanupCampaigns.$inferSelect;
export type CleanupItemRow = typeof cleanupItems.$inferSelect;
export type Classification = NonNullable<CleanupItemRow['classification']>;

/** Progress of a campaign: documents, how many are classified and reviewed. */
export interface CampaignProgress {
  items: number;
  classified: number;
  reviewed: number;
}

/** All SQL over cleanup campaigns (清理) and their items. */
export class CleanupRepository {
  constructor(private readonly db: Db) {}

  /** Inserts a campaign; undefined when the id is taken. */
  async insertCampaign(row: CleanupCampaignRow): Promise<CleanupCampaignRow | undefined> {
    const [inserted] = await this.db.insert(cleanupCampaigns).values(row).onConflictDoNothing({ target: cleanupCampaigns.id }).returning();
    return inserted;
  }

  async campaign(id: string): Promise<CleanupCampaignRow | undefined> {
    const [row] = await this.db.select().from(cleanupCampaigns).where(eq(cleanupCampaigns.id, id));
    return row;
  }

  /** The yearly campaign of a year, if one was started. */
  async yearly(year: number): Promise<CleanupCampaignRow | undefined> {
    const [row] = await this.db
      .select()
      .from(cleanupCampaigns)
      .where(and(eq(cleanupCampaigns.kind, 'yearly'), eq(cleanupCampaigns.year, year)))
      .limit(1);
    return row;
  }

  /** Newest first. */
  campaigns(): Promise<CleanupCampaignRow[]> {
    return this.db.select().from(cleanupCampaigns).orderBy(desc(cleanupCampaigns.createdAt), cleanupCampaigns.id);
  }

  async updateCampaign(id: string, patch: Partial<Omit<CleanupCampaignRow, 'id'>>): Promise<CleanupCampaignRow> {
    const [updated] = await this.db.update(cleanupCampaigns).set(patch).where(eq(cleanupCampaigns.id, id)).returning();
    return updated!;
  }

  /** Progress per campaign, optionally counting one department's items only. */
  async progress(campaignIds: string[], department?: string): Promise<Map<string, CampaignProgress>> {
    const result = new Map<string, CampaignProgress>(campaignIds.map((id) => [id, { items: 0, classified: 0, reviewed: 0 }]));
    if (campaignIds.length === 0) return result;
    const rows = await this.db
      .select({
        campaignId: cleanupItems.campaignId,
        items: count(),
        classified: count(cleanupItems.classification),
        reviewed: count(cleanupItems.legalDecision),
      })
      .from(cleanupItems)
      .where(and(inArray(cleanupItems.campaignId, campaignIds), department ? eq(cleanupItems.department, department) : undefined))
      .groupBy(cleanupItems.campaignId);
    for (const row of rows) result.set(row.campaignId, { items: Number(row.items), classified: Number(row.classified), reviewed: Number(row.reviewed) });
    return result;
  }

  /** Inserts an item; undefined when the document is already in the campaign. */
  async insertItem(row: CleanupItemRow): Promise<CleanupItemRow | undefined> {
    const [inserted] = await this.db.insert(cleanupItems).values(row).onConflictDoNothing().returning();
    return inserted;
  }

  async item(campaignId: string, documentId: string): Promise<CleanupItemRow | undefined> {
    const [row] = await this.db
      .select()
      .from(cleanupItems)
      .where(and(eq(cleanupItems.campaignId, campaignId), eq(cleanupItems.documentId, documentId)));
    return row;
  }

  /** Items of a campaign by department and document; `state` filters on the stage reached. */
  items(campaignId: string, filter: { department?: string; state?: 'unclassified' | 'classified' | 'reviewed' }): Promise<CleanupItemRow[]> {
    const conditions: SQL[] = [eq(cleanupItems.campaignId, campaignId)];
    if (filter.department) conditions.push(eq(cleanupItems.department, filter.department));
    if (filter.state === 'unclassified') conditions.push(isNull(cleanupItems.classification));
    if (filter.state === 'classified') conditions.push(isNotNull(cleanupItems.classification), isNull(cleanupItems.legalDecision));
    if (filter.state === 'reviewed') conditions.push(isNotNull(cleanupItems.legalDecision));
    return this.db
      .select()
      .from(cleanupItems)
      .where(and(...conditions))
      .orderBy(asc(cleanupItems.department), asc(cleanupItems.documentId));
  }

  async updateItem(campaignId: string, documentId: string, patch: Partial<Omit<CleanupItemRow, 'campaignId' | 'documentId'>>): Promise<CleanupItemRow> {
    const [updated] = await this.db
      .update(cleanupItems)
      .set(patch)
      .where(and(eq(cleanupItems.campaignId, campaignId), eq(cleanupItems.documentId, documentId)))
      .returning();
    return updated!;
  }
}
