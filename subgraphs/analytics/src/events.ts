import type { EventViews } from '@puchi/subgraph-kit';
import { z } from 'zod';

/**
 * Events on `analytics-events` (subject: the user id). Analytics derives them from other domains' events
 * (ids derived from the cause's id, so redelivery adds nothing) and builds its store from them alone, so
 * replaying `analytics-events` rebuilds it.
 */
export const ANALYTICS_EVENTS = {
  learnerRegistered: 'analytics.learner-registered',
  learnerActive: 'analytics.learner-active',
  lessonStarted: 'analytics.lesson-started',
  lessonCompleted: 'analytics.lesson-completed',
  quizPassed: 'analytics.quiz-passed',
  lessonCataloged: 'analytics.lesson-cataloged',
} as const;

export const LearnerRegistered = z.object({ userId: z.string(), at: z.string() });
/** `date` is the UTC day (YYYY-MM-DD) the learner did something. */
export const LearnerActive = z.object({ userId: z.string(), date: z.string() });
export const LessonActivity = z.object({ userId: z.string(), lessonId: z.string(), at: z.string() });
export const QuizPassed = z.object({ userId: z.string(), quizId: z.string(), lessonId: z.string(), at: z.string() });
/** Which course a lesson belongs to, from `lesson.published`, for per-course reports. */
export const LessonCataloged = z.object({ lessonId: z.string(), courseId: z.string() });

/** What an analyst sees of each event on the `events` feed: these are derived for analysts, so all of it. */
export const ANALYTICS_ANALYST_VIEWS: EventViews = Object.fromEntries(Object.values(ANALYTICS_EVENTS).map((type) => [type, { show: 'all' }]));
