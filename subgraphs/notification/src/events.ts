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
