import { and, eq } from 'drizzle-orm';
import type { Db } from '../../store/database';
import { notificationDeliveries, notifications } from '../../store/schema';

export type ChannelName = (typeof notificationDeliveries.$inferSelect)['channel'];
export type InAppNotification = typeof notifications.$inferSelect;

/** All SQL of the notify worker: in-app notifications and the delivery ledger. */
export class NotificationRepository {
  constructor(private readonly db: Db) {}

  /** Recipients the job has already reached on `channel`. */
  async deliveredRecipients(jobKey: string, channel: ChannelName): Promise<Set<string>> {
    const rows = await this.db
      .select({ recipient: notificationDeliveries.recipient })
      .from(notificationDeliveries)
      .where(and(eq(notificationDeliveries.jobKey, jobKey), eq(notificationDeliveries.channel, channel)));
    return new Set(rows.map((r) => r.recipient));
  }

  /** Records a successful send; recording the same delivery twice changes nothing. */
  async recordDelivery(jobKey: string, channel: ChannelName, recipient: string, deliveredAt: number): Promise<void> {
    await this.db.insert(notificationDeliveries).values({ jobKey, channel, recipient, deliveredAt }).onConflictDoNothing();
  }

  /**
   * Writes an in-app notification together with its delivery record, in one transaction, so
   * that in-app notifications are delivered exactly once.
   */
  async insertInApp(row: Omit<InAppNotification, 'id' | 'readAt'>): Promise<void> {
    await this.db.transaction(async (tx) => {
      const recorded = await tx
        .insert(notificationDeliveries)
        .values({ jobKey: row.jobKey, channel: 'in-app', recipient: row.recipient, deliveredAt: row.createdAt })
        .onConflictDoNothing()
        .returning({ recipient: notificationDeliveries.recipient });
      if (recorded.length === 1) await tx.insert(notifications).values(row);
    });
  }

  /** A user's notifications, oldest first. */
  forRecipient(recipient: string): Promise<InAppNotification[]> {
    return this.db.select().from(notifications).where(eq(notifications.recipient, recipient)).orderBy(notifications.id);
  }
}
