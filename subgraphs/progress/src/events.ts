import type { EventViews } from '@puchi/subgraph-kit';
import { z } from 'zod';

/** Events on `progress-events` (subject: the user id, so one learner's events stay in order). */
export const PROGRESS_EVENTS = {
  lessonStarted: 'progress.lesson-started',
  lessonCompleted: 'progress.lesson-completed',
  streakExtended: 'progress.streak-extended',
  lessonCataloged: 'progress.lesson-cataloged',
} as const;

export const LessonStarted = z.object({ userId: z.string(), lessonId: z.string(), startedAt: z.string() });
export type LessonStarted = z.infer<typeof LessonStarted>;

/** `score` 0-100 or null; `firstCompletion` false when a learner completes a lesson again (score may improve). */
export const LessonCompleted = z.object({
  userId: z.string(),
  lessonId: z.string(),
  score: z.number().int().min(0).max(100).nullable(),
  completedAt: z.string(),
  firstCompletion: z.boolean(),
});
export type LessonCompleted = z.infer<typeof LessonCompleted>;

/** The learner's current streak grew (first completion on a new consecutive UTC day). */
export const StreakExtended = z.object({ userId: z.string(), streakDays: z.number().int().min(1), date: z.string() });
export type StreakExtended = z.infer<typeof StreakExtended>;

/**
 * Progress learned that a lesson exists (from `lesson.published`). The service may write its store only through
 * its own events, so the catalog it checks lesson ids against is rebuilt from this topic too. Subject: the lesson id.
 */
export const LessonCataloged = z.object({ lessonId: z.string(), courseId: z.string() });
export type LessonCataloged = z.infer<typeof LessonCataloged>;

/**
 * What an analyst sees of each event on the `events` feed: who did what and when, as analytics' own events say it,
 * but not how well (a learner's scores and streak are theirs and admins', as `progress` is).
 */
export const PROGRESS_ANALYST_VIEWS: EventViews = {
  [PROGRESS_EVENTS.lessonStarted]: { show: ['userId', 'lessonId', 'startedAt'] },
  [PROGRESS_EVENTS.lessonCompleted]: { show: ['userId', 'lessonId', 'completedAt', 'firstCompletion'] },
  [PROGRESS_EVENTS.streakExtended]: { show: ['userId', 'date'] },
  [PROGRESS_EVENTS.lessonCataloged]: { show: 'all' },
};
