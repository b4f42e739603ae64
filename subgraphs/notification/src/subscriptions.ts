import { requireUser, type SubscriptionField } from '@puchi/subgraph-kit';
import { NOTIFICATION_EVENTS, NotificationCreated } from './events';

/** `notificationReceived`: notifications created for the signed-in learner, from notification-events. */
export const notificationReceived: SubscriptionField<Record<string, never>> = {
  topics: () => ['notification'],
  authorize: (_args, identity) => void requireUser(identity),
  // Notification events carry the recipient as their subject (./events.ts).
  routeKey: (_args, identity) => identity?.userId,
  select(event, _args, identity) {
    if (event.type !== NOTIFICATION_EVENTS.created) return undefined;
    const created = NotificationCreated.safeParse(event.payload);
    if (!created.success || created.data.userId !== identity?.userId) return undefined;
    const n = created.data;
    return { id: n.notificationId, kind: n.kind, title: n.title, body: n.body, createdAt: n.createdAt, readAt: null, lesson: n.lessonId === null ? null : { id: n.lessonId } };
  },
};
