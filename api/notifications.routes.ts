import { Router } from 'express';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { NotFound } from '../domain/errors';
import type { Principal } from '../domain/principal';
import type { Db } from '../store/database';
import { notifications } from '../store/schema';
import { principalOf } from './auth';
import type { ApiContext } from './context';
import { describeRoute } from './openapi';
import { identitiesOf } from './tasks.service';
import { parse } from './validate';

/** Most notifications one list returns (newest first). */
const LIST_LIMIT = 200;
const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'expected a notification id') }).strict();
const notification = z.object({ id: z.string(), title: z.string(), body: z.string(), createdAt: z.string(), readAt: z.string().nullable() });

/**
 * The names a notification may be addressed to for this caller: their user id and username, and
 * their groups — the diagrams notify departments (`=[draftingDept]`) and offices (`general-office`),
 * so such a notification is shared by the group's members (one of them reading it marks it read).
 */
function recipientsOf(principal: Principal): string[] {
  return [...new Set([...identitiesOf(principal), ...principal.groups])];
}

/**
 * The caller's in-app notifications (rows the notify worker wrote) and marking one read. The SQL
 * is two statements, kept here beside their only use.
 */
export class NotificationInbox {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async list(principal: Principal): Promise<z.infer<typeof notification>[]> {
    const rows = await this.db
      .select()
      .from(notifications)
      .where(inArray(notifications.recipient, recipientsOf(principal)))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(LIST_LIMIT);
    return rows.map((r) => ({ id: String(r.id), title: r.title, body: r.body, createdAt: new Date(r.createdAt).toISOString(), readAt: r.readAt === null ? null : new Date(r.readAt).toISOString() }));
  }

  /** Marks one of the caller's notifications read (the first time counts); others' are not found. True when it changed. */
  async markRead(principal: Principal, id: number): Promise<boolean> {
    const mine = and(eq(notifications.id, id), inArray(notifications.recipient, recipientsOf(principal)));
    const [row] = await this.db.select({ readAt: notifications.readAt }).from(notifications).where(mine);
    if (!row) throw new NotFound(`no notification ${id}`);
    if (row.readAt !== null) return false;
    await this.db.update(notifications).set({ readAt: sql`coalesce(${notifications.readAt}, ${this.now()})` }).where(mine);
    return true;
  }
}

/** `/notifications` (behind `authenticate`). */
export function notificationRoutes(ctx: ApiContext): Router {
  const router = Router();
  const inbox = new NotificationInbox(ctx.database.db, () => ctx.clock.now());
  const tags = ['notifications'];

  describeRoute({ method: 'get', path: '/api/notifications', summary: 'My in-app notifications, newest first', tags, response: z.array(notification) });
  router.get('/', async (req, res) => {
    res.json(await inbox.list(principalOf(req)));
  });

  describeRoute({ method: 'post', path: '/api/notifications/:id/read', summary: 'Mark one of my notifications read', tags, params: idParams, status: 204, errors: [404] });
  router.post('/:id/read', async (req, res) => {
    const { id } = parse(idParams, req.params, 'path');
    const principal = principalOf(req);
    if (await inbox.markRead(principal, Number(id))) {
      await ctx.audit.record({ actor: principal.id, action: 'notification.read', resource: 'notification', resourceId: id, before: { readAt: null }, after: { read: true } });
    }
    res.status(204).end();
  });
  return router;
}
