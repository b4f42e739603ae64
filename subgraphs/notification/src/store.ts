import type { Db } from '@puchi/subgraph-kit';
import type { NotificationRecord } from './contracts';
import type { NotificationCreated, NotificationRead } from './events';

export const MIGRATIONS = [
  `CREATE TABLE notifications (
     id TEXT PRIMARY KEY, user_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
     lesson_id TEXT, created_at TEXT NOT NULL, read_at TEXT, caused_by TEXT NOT NULL
   )`,
  'CREATE INDEX notifications_user ON notifications (user_id, created_at)',
];

interface NotificationRow {
  id: string;
  user_id: string;
  kind: NotificationRecord['kind'];
  title: string;
  body: string;
  lesson_id: string | null;
  created_at: string;
  read_at: string | null;
}

const toRecord = (r: NotificationRow): NotificationRecord => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  createdAt: r.created_at,
  readAt: r.read_at,
  lessonId: r.lesson_id,
});

/** A notification is created once: a second event for the same id (a redelivered cause) changes nothing. */
export function insertNotification(db: Db, n: NotificationCreated): void {
  db.prepare(
    `INSERT OR IGNORE INTO notifications (id, user_id, kind, title, body, lesson_id, created_at, read_at, caused_by)
     VALUES (@notificationId, @userId, @kind, @title, @body, @lessonId, @createdAt, NULL, @causedBy)`,
  ).run(n);
}

/** Only the first read counts: `read_at` is never moved once set. */
export function markRead(db: Db, read: NotificationRead): void {
  db.prepare('UPDATE notifications SET read_at = @readAt WHERE id = @notificationId AND user_id = @userId AND read_at IS NULL').run(read);
}

export function notificationById(db: Db, id: string): NotificationRecord | null {
  const row = db.prepare('SELECT * FROM notifications WHERE id = ?').get(id) as NotificationRow | undefined;
  return row ? toRecord(row) : null;
}

export function notificationExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM notifications WHERE id = ?').get(id) !== undefined;
}

/** Newest first; the id breaks ties so the order is stable. */
export function notificationsOf(db: Db, userId: string, unreadOnly: boolean, first: number): NotificationRecord[] {
  const unread = unreadOnly ? 'AND read_at IS NULL' : '';
  const rows = db.prepare(`SELECT * FROM notifications WHERE user_id = ? ${unread} ORDER BY created_at DESC, id DESC LIMIT ?`).all(userId, first) as NotificationRow[];
  return rows.map(toRecord);
}

export function unreadCount(db: Db, userId: string): number {
  return db.prepare('SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL').pluck().get(userId) as number;
}
