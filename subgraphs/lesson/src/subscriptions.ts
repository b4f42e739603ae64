import type { SubscriptionField } from '@puchi/subgraph-kit';
import { LESSON_EVENTS, LessonRecord } from './contracts';

/** `lessonPublished`: every lesson as it is published, from lesson-events. Public. */
export const lessonPublished: SubscriptionField<Record<string, never>> = {
  topics: () => ['lesson'],
  authorize: () => undefined,
  select(event) {
    if (event.type !== LESSON_EVENTS.lessonPublished) return undefined;
    const lesson = LessonRecord.safeParse(event.payload);
    return lesson.success ? lesson.data : undefined;
  },
};
