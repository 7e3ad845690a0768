import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from './database';
import { expertOpinions, meetings } from './schema';

export type MeetingRow = typeof meetings.$inferSelect;
export type MeetingKind = MeetingRow['kind'];
export type ExpertOpinionRow = typeof expertOpinions.$inferSelect;

/** All SQL over meetings (symposium, expert review, hearing) and experts' written opinions. */
export class MeetingRepository {
  constructor(private readonly db: Db) {}

  /** Inserts a meeting; with a known id already stored (a task recorded twice) returns undefined. */
  async insert(row: MeetingRow): Promise<MeetingRow | undefined> {
    const [inserted] = await this.db.insert(meetings).values(row).onConflictDoNothing({ target: meetings.id }).returning();
    return inserted;
  }

  async get(id: string): Promise<MeetingRow | undefined> {
    const [row] = await this.db.select().from(meetings).where(eq(meetings.id, id));
    return row;
  }

  /** Meetings of a document in the order they were held. */
  forDocument(documentId: string, kind?: MeetingKind): Promise<MeetingRow[]> {
    const where = kind ? and(eq(meetings.documentId, documentId), eq(meetings.kind, kind)) : eq(meetings.documentId, documentId);
    return this.db.select().from(meetings).where(where).orderBy(asc(meetings.heldAt), asc(meetings.id));
  }

  /** The latest meeting of a kind for a document (of one process instance when given and present). */
  async latest(documentId: string, kind: MeetingKind, processInstanceKey?: string): Promise<MeetingRow | undefined> {
    if (processInstanceKey) {
      const [own] = await this.db
        .select()
        .from(meetings)
        .where(and(eq(meetings.documentId, documentId), eq(meetings.kind, kind), eq(meetings.processInstanceKey, processInstanceKey)))
        .orderBy(desc(meetings.createdAt), desc(meetings.heldAt))
        .limit(1);
      if (own) return own;
    }
    const [row] = await this.db
      .select()
      .from(meetings)
      .where(and(eq(meetings.documentId, documentId), eq(meetings.kind, kind)))
      .orderBy(desc(meetings.createdAt), desc(meetings.heldAt))
      .limit(1);
    return row;
  }

  async update(id: string, patch: Partial<Omit<MeetingRow, 'id' | 'documentId' | 'kind'>>): Promise<MeetingRow> {
    const [updated] = await this.db.update(meetings).set(patch).where(eq(meetings.id, id)).returning();
    return updated!;
  }

  /** Inserts an opinion; one recorded by the same task before (a retried completion) is left as it is and undefined returned. */
  async insertOpinion(row: ExpertOpinionRow): Promise<ExpertOpinionRow | undefined> {
    const [inserted] = await this.db.insert(expertOpinions).values(row).onConflictDoNothing().returning();
    return inserted;
  }

  /** Opinions of a document, or of one meeting, in the order they came in. */
  opinions(filter: { documentId?: string; meetingId?: string }): Promise<ExpertOpinionRow[]> {
    const where = filter.meetingId ? eq(expertOpinions.meetingId, filter.meetingId) : eq(expertOpinions.documentId, filter.documentId!);
    return this.db.select().from(expertOpinions).where(where).orderBy(asc(expertOpinions.submittedAt), asc(expertOpinions.id));
  }
}
