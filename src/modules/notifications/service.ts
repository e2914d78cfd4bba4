// In-app notices (the bell in the top bar): something finished in the background and the person should know when
// they next look. Each is a kind plus params the web app translates, and a link to what it is about. Written by the
// feature that finishes the work, inside its transaction; read and marked read only by their owner.
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import type { Database, Transaction } from '../../db/client.js';
import { notifications } from '../../db/schema.js';
import { notFound } from '../../domain/errors.js';

export const NOTIFICATION_KINDS = ['license-summary.ready', 'license-summary.failed'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type NotificationView = {
  id: number;
  kind: NotificationKind;
  params: Record<string, string | number>;
  link: string;
  createdAt: string;
  read: boolean;
};

/** The newest notices the bell lists; older ones are history nobody scrolls to. */
export const NOTIFICATION_LIST_LIMIT = 50;

/** Adds a notice for `accountId` inside the caller's transaction. */
export async function notify(
  tx: Transaction,
  clock: Clock,
  notice: { accountId: string; kind: NotificationKind; params: Record<string, string | number>; link: string },
): Promise<void> {
  await tx.insert(notifications).values({ ...notice, createdAt: clock.now() });
}

export function createNotificationsService(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps;

  async function list(accountId: string): Promise<{ unreadCount: number; items: NotificationView[] }> {
    const [rows, [count]] = await Promise.all([
      db
        .select()
        .from(notifications)
        .where(eq(notifications.accountId, accountId))
        .orderBy(desc(notifications.id))
        .limit(NOTIFICATION_LIST_LIMIT),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(notifications)
        .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt))),
    ]);
    return {
      unreadCount: count?.n ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind as NotificationKind,
        params: r.params,
        link: r.link,
        createdAt: r.createdAt.toISOString(),
        read: r.readAt !== null,
      })),
    };
  }

  /** Marks one notice read; another person's (or none) is 404 — it does not exist for the caller. */
  async function markRead(accountId: string, id: number): Promise<void> {
    const updated = await db
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, ${clock.now().toISOString()}::timestamptz)` })
      .where(and(eq(notifications.id, id), eq(notifications.accountId, accountId)))
      .returning({ id: notifications.id });
    if (updated.length === 0) throw notFound('notification.not_found', 'There is no such notice.');
  }

  async function markAllRead(accountId: string): Promise<void> {
    await db
      .update(notifications)
      .set({ readAt: clock.now() })
      .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)));
  }

  return { list, markRead, markAllRead };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
