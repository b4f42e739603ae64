import type { EventViews } from '@puchi/subgraph-kit';
import { z } from 'zod';

/** Events on `notification-events` (subject: the recipient's user id). */
export const NOTIFICATION_EVENTS = { created: 'notification.created', read: 'notification.read' } as const;

export const NotificationKind = z.enum(['LESSON_COMPLETED', 'STREAK_EXTENDED', 'QUIZ_PASSED', 'WELCOME']);

/** `notificationId` is derived from the event that caused it, so a redelivered cause creates nothing new. */
export const NotificationCreated = z.object({
  notificationId: z.string(),
  userId: z.string(),
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  lessonId: z.string().nullable(),
  createdAt: z.string(),
  causedBy: z.string(),
});
export type NotificationCreated = z.infer<typeof NotificationCreated>;

export const NotificationRead = z.object({ notificationId: z.string(), userId: z.string(), readAt: z.string() });
export type NotificationRead = z.infer<typeof NotificationRead>;

/** What an analyst sees of each event on the `events` feed: that a notification was sent or read, not what it said. */
export const NOTIFICATION_ANALYST_VIEWS: EventViews = {
  [NOTIFICATION_EVENTS.created]: { show: ['notificationId', 'userId', 'kind', 'lessonId', 'createdAt', 'causedBy'] },
  [NOTIFICATION_EVENTS.read]: { show: ['notificationId', 'userId', 'readAt'] },
};
