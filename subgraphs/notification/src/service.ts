import { ForbiddenError, handler, NotFoundError, projection, requireUser, type DomainServiceDefinition } from '@puchi/subgraph-kit';
import { getNotifications, getUnreadNotificationCount, markNotificationRead } from './contracts';
import { NOTIFICATION_EVENTS, NotificationCreated, NotificationRead } from './events';
import { notificationReactions } from './reactions';
import { insertNotification, markRead, MIGRATIONS, notificationById, notificationsOf, unreadCount } from './store';

/** The event id of the first read of a notification: marking it read twice (even at once) applies once. */
export const readEventId = (notificationId: string) => `read:${notificationId}`;

/**
 * The notification service: turns other domains' events into notifications for the learner they concern
 * (see `reactions.ts`), answers the learner's reads and records reads. Every contract acts for the caller
 * named by the request's signed identity token; a notification is only ever shown to, or marked by, its recipient.
 */
export const notificationService: DomainServiceDefinition = {
  domain: 'notification',
  migrations: MIGRATIONS,

  projections: {
    [NOTIFICATION_EVENTS.created]: projection(NotificationCreated, insertNotification),
    [NOTIFICATION_EVENTS.read]: projection(NotificationRead, markRead),
  },

  handlers: ({ db, emit }) => [
    handler(getNotifications, ({ unreadOnly, first }, context) => {
      const { userId } = requireUser(context.identity);
      return { notifications: notificationsOf(db, userId, unreadOnly ?? false, first) };
    }),
    handler(getUnreadNotificationCount, (_request, context) => ({ count: unreadCount(db, requireUser(context.identity).userId) })),
    handler(markNotificationRead, async ({ id }, context) => {
      const { userId } = requireUser(context.identity);
      const notification = notificationById(db, id);
      if (!notification) throw new NotFoundError('notification', id);
      if (notification.userId !== userId) throw new ForbiddenError(`notification "${id}" is not yours`);
      if (notification.readAt !== null) return notification;
      const payload: NotificationRead = { notificationId: id, userId, readAt: new Date().toISOString() };
      await emit({ id: readEventId(id), type: NOTIFICATION_EVENTS.read, subject: userId, payload }, context);
      return notificationById(db, id) ?? notification;
    }),
  ],

  reactions: notificationReactions,
};
