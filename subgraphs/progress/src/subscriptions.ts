import { requireSelfOrRole, type SubscriptionField } from '@puchi/subgraph-kit';
import { READ_ANY_PROGRESS } from './contracts';
import { LessonCompleted, LessonStarted, PROGRESS_EVENTS } from './events';

/** `progressUpdated(userId)`: the learner's starts and completions, from progress-events. */
export const progressUpdated: SubscriptionField<{ userId: string }> = {
  topics: () => ['progress'],
  authorize: ({ userId }, identity) => void requireSelfOrRole(identity, userId, READ_ANY_PROGRESS),
  // Progress events carry the learner as their subject (./events.ts).
  routeKey: ({ userId }) => userId,
  select(event, { userId }) {
    if (event.type === PROGRESS_EVENTS.lessonStarted) {
      const started = LessonStarted.safeParse(event.payload);
      if (!started.success || started.data.userId !== userId) return undefined;
      return { kind: 'LESSON_STARTED', user: { id: userId }, lesson: { id: started.data.lessonId }, status: 'IN_PROGRESS', score: null, occurredAt: event.occurredAt };
    }
    if (event.type === PROGRESS_EVENTS.lessonCompleted) {
      const completed = LessonCompleted.safeParse(event.payload);
      if (!completed.success || completed.data.userId !== userId) return undefined;
      return { kind: 'LESSON_COMPLETED', user: { id: userId }, lesson: { id: completed.data.lessonId }, status: 'COMPLETED', score: completed.data.score, occurredAt: event.occurredAt };
    }
    return undefined;
  },
};
