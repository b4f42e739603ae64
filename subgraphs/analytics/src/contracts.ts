import { requestTopic } from '@puchi/kafka';
import { defineCall, ROLES } from '@puchi/subgraph-kit';
import { EntityId } from '@puchi/subgraph-lesson';
import { z } from 'zod';
import { isDay } from './dates';

/** The analytics domain's message contracts: imported by its resolvers (caller) and its service (responder). */

/** Every analytics read is for these roles only; resolvers and the service both check them. */
export const ANALYTICS_ROLES = [ROLES.analyst, ROLES.admin] as const;

/** The schema promises `first` from 1 to 500 (schema/analytics.graphql). */
export const MAX_RATES = 500;
export const DEFAULT_RATES = 50;

const Day = z.string().refine(isDay, 'must be a calendar day as YYYY-MM-DD');

export const LessonCompletionRateRecord = z.object({
  lessonId: z.string(),
  learnersStarted: z.number().int().min(0),
  learnersCompleted: z.number().int().min(0),
  /** 0..1; 0 when nobody started. */
  completionRate: z.number().min(0).max(1),
});
export type LessonCompletionRateRecord = z.infer<typeof LessonCompletionRateRecord>;

export const DailyActiveLearnersRecord = z.object({ date: z.string(), activeLearners: z.number().int().min(0) });
export type DailyActiveLearnersRecord = z.infer<typeof DailyActiveLearnersRecord>;

export const AnalyticsTotalsRecord = z.object({
  registeredUsers: z.number().int().min(0),
  /** Distinct (learner, lesson) completions. */
  lessonsCompleted: z.number().int().min(0),
  /** Passing quiz submissions. */
  quizzesPassed: z.number().int().min(0),
});
export type AnalyticsTotalsRecord = z.infer<typeof AnalyticsTotalsRecord>;

/**
 * Lessons with the lowest completion rate first (ties: more learners started first, then lesson id). Covers
 * every cataloged lesson of the course (untouched ones at rate 0), or, without `courseId`, every cataloged
 * or started lesson. An unknown `courseId` is BAD_USER_INPUT.
 */
export const getLessonCompletionRates = defineCall(
  requestTopic('get-lesson-completion-rates', 'analytics'),
  z.object({
    courseId: EntityId.nullish(),
    first: z.number().int().min(1, `must be between 1 and ${MAX_RATES}`).max(MAX_RATES, `must be between 1 and ${MAX_RATES}`),
  }),
  z.object({ rates: z.array(LessonCompletionRateRecord) }),
);

/** One entry per day from `from` to `to` inclusive, oldest first, zeros included; `to` at most 366 days after `from`. */
export const getActiveLearners = defineCall(
  requestTopic('get-active-learners', 'analytics'),
  z.object({ from: Day, to: Day }),
  z.object({ days: z.array(DailyActiveLearnersRecord) }),
);

export const getAnalyticsTotals = defineCall(requestTopic('get-analytics-totals', 'analytics'), z.object({}), AnalyticsTotalsRecord);
