import { eventTopic, requestTopic } from '@puchi/kafka';
import { bySubject, defineCall, type ReadSharing } from '@puchi/subgraph-kit';
import { z } from 'zod';
import { NotificationKind } from './events';

/** The notification domain's message contracts: imported by its resolvers (caller) and its service (responder). */

/** Ids are derived from the causing event's id (`notif-<uuid>`), so only their length is bounded here. */
export const NotificationId = z.string().min(1, 'must not be empty').max(300, 'must be at most 300 characters');

export const NotificationRecord = z.object({
  id: z.string(),
  userId: z.string(),
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  lessonId: z.string().nullable(),
});
export type NotificationRecord = z.infer<typeof NotificationRecord>;

export const MAX_PAGE_SIZE = 100;
const pageSize = z
  .number()
  .int(`must be between 1 and ${MAX_PAGE_SIZE}`)
  .min(1, `must be between 1 and ${MAX_PAGE_SIZE}`)
  .max(MAX_PAGE_SIZE, `must be between 1 and ${MAX_PAGE_SIZE}`);

/** Every contract acts for the caller named by the request's identity (UNAUTHENTICATED without one). */

/** The caller's own, kept until their next notification event (subject: the recipient). */
const recipients: ReadSharing = { scope: 'caller', invalidatedBy: { [eventTopic('notification')]: bySubject } };

/** The caller's notifications, newest first. */
export const getNotifications = defineCall(
  requestTopic('get-notifications', 'notification'),
  z.object({ unreadOnly: z.boolean().nullish(), first: pageSize }),
  z.object({ notifications: z.array(NotificationRecord) }),
  { sharing: recipients },
);

export const getUnreadNotificationCount = defineCall(requestTopic('get-unread-notification-count', 'notification'), z.object({}), z.object({ count: z.number().int().min(0) }), { sharing: recipients });

/** Idempotent: a notification already read keeps its first `readAt`. NOT_FOUND if unknown, FORBIDDEN if someone else's. */
export const markNotificationRead = defineCall(requestTopic('mark-notification-read', 'notification'), z.object({ id: NotificationId }), NotificationRecord);
