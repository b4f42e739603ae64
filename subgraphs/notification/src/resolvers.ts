import { requireUser } from '@puchi/subgraph-kit';
import type { Notification, Resolvers } from './__generated__/resolvers-types';
import { getNotifications, getUnreadNotificationCount, markNotificationRead, type NotificationRecord } from './contracts';

/** A notification as the schema returns it: its lesson is a reference the lesson subgraph resolves. */
type NotificationNode = Omit<Notification, 'lesson'> & { lesson: { id: string } | null };

const toNode = ({ lessonId, userId: _recipient, ...n }: NotificationRecord): NotificationNode => ({ ...n, lesson: lessonId === null ? null : { id: lessonId } });

/** Every field acts for the signed-in learner; the service checks the same identity from the gateway's signed token. */
export const resolvers: Resolvers = {
  Query: {
    myNotifications: async (_parent, { unreadOnly, first }, ctx) => {
      const { userId } = requireUser(ctx.identity);
      // Keyed by learner, as their writes are: answered by the instance that applied them (read-your-writes).
      const { notifications } = await ctx.call(getNotifications, { unreadOnly: unreadOnly ?? false, first: first ?? 20 }, { key: userId });
      return notifications.map(toNode);
    },
    unreadNotificationCount: async (_parent, _args, ctx) => {
      const { userId } = requireUser(ctx.identity);
      return (await ctx.call(getUnreadNotificationCount, {}, { key: userId })).count;
    },
  },
  Mutation: {
    markNotificationRead: async (_parent, { id }, ctx, info) => {
      const { userId } = requireUser(ctx.identity);
      // Keyed by learner: one learner's writes are answered in order.
      return toNode(await ctx.call(markNotificationRead, { id }, { key: userId, mutation: info.path }));
    },
  },
  Notification: {
    lesson: (notification) => notification.lesson ?? null,
  },
};
