import { eq } from 'drizzle-orm';
import type { Db } from '../store/database';
import type { PushRow } from '../store/push.repository';
import { stakeholderPushes } from '../store/schema';

/**
 * The one read of the push ledger the records API needs and store/push.repository.ts does not
 * offer yet: a push by its id (the API names pushes by id; the worker by document, stakeholder
 * and channel). Belongs in PushRepository as `get(id)` once that file may change.
 */
export async function pushById(db: Db, id: string): Promise<PushRow | undefined> {
  const [row] = await db.select().from(stakeholderPushes).where(eq(stakeholderPushes.id, id));
  return row;
}
