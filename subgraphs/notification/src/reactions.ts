import type { EventContext, EventEnvelope } from '@puchi/kafka';
import type { Reaction, ServiceRuntime } from '@puchi/subgraph-kit';
import { LessonCompleted, PROGRESS_EVENTS, StreakExtended } from '@puchi/subgraph-progress';
import { QUIZ_EVENTS, QuizGraded } from '@puchi/subgraph-quiz';
import { USER_EVENTS, UserRegistered } from '@puchi/subgraph-user';
import type { z } from 'zod';
import { NOTIFICATION_EVENTS, type NotificationCreated } from './events';
import { lessonCompletedNotification, quizPassedNotification, streakExtendedNotification, welcomeNotification, type Cause } from './messages';
import { notificationExists } from './store';

/** One cause type: the producer's schema for its payload and the notification it makes (null: none). */
interface Rule<T> {
  schema: z.ZodType<T>;
  notify(cause: Cause, payload: T): NotificationCreated | null;
}

const rule = <T>(schema: z.ZodType<T>, notify: Rule<T>['notify']): Rule<T> => ({ schema, notify });

/** What the notification service reacts to, per producing domain and event type; other types are ignored. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule was type-checked against its schema by rule()
export const NOTIFICATION_RULES: Record<string, Record<string, Rule<any>>> = {
  progress: {
    [PROGRESS_EVENTS.lessonCompleted]: rule(LessonCompleted, lessonCompletedNotification),
    [PROGRESS_EVENTS.streakExtended]: rule(StreakExtended, streakExtendedNotification),
  },
  quiz: { [QUIZ_EVENTS.graded]: rule(QuizGraded, quizPassedNotification) },
  user: { [USER_EVENTS.registered]: rule(UserRegistered, welcomeNotification) },
};

/**
 * Reactions never write the store: they emit `notification.created` with an id derived from the cause, so a
 * redelivered cause is recognised (here, before publishing, and again by the store's applied-events ledger).
 * A payload that does not match the producer's schema goes to the topic's DLT (the kit turns the zod error into
 * a dead letter): it is the producer's bug, retrying would not fix it, and the DLT keeps it for someone to see.
 */
export function notificationReactions({ db, emit, logger }: ServiceRuntime): Reaction[] {
  const handleFrom = (from: string, rules: Record<string, Rule<unknown>>) => async (event: EventEnvelope, context: EventContext) => {
    const r = rules[event.type];
    if (!r) return;
    const parsed = r.schema.safeParse(event.payload);
    if (!parsed.success) {
      logger.warn('an event whose payload does not match its schema goes to the DLT', { from, id: event.id, type: event.type });
      throw parsed.error;
    }
    const notification = r.notify(event, parsed.data);
    if (!notification || notificationExists(db, notification.notificationId)) return;
    await emit({ id: notification.notificationId, type: NOTIFICATION_EVENTS.created, subject: notification.userId, payload: notification }, context);
  };
  return Object.entries(NOTIFICATION_RULES).map(([from, rules]) => ({ from, handle: handleFrom(from, rules) }));
}
