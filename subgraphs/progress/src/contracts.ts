import { eventTopic, requestTopic } from '@puchi/kafka';
import { bySubject, defineBatchCall, defineCall, ROLES } from '@puchi/subgraph-kit';
import { EntityId } from '@puchi/subgraph-lesson';
import { z } from 'zod';

/** The progress domain's message contracts: imported by its resolvers (caller) and its service (responder). */

/** The user domain's id format (`learner-ana`, `u-` + 8 hex): anything else never reaches the store. */
export const UserId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a user id such as "learner-ana"');

export const ProgressStatus = z.enum(['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED']);
export type ProgressStatus = z.infer<typeof ProgressStatus>;

export const LessonProgressRecord = z.object({
  lessonId: z.string(),
  status: ProgressStatus,
  /** The best score of all completions; null until completed with a score. */
  score: z.number().int().nullable(),
  /** The first start. */
  startedAt: z.string().nullable(),
  /** The first completion. */
  completedAt: z.string().nullable(),
});
export type LessonProgressRecord = z.infer<typeof LessonProgressRecord>;

export const UserProgressRecord = z.object({
  userId: z.string(),
  lessonsStarted: z.number().int(),
  lessonsCompleted: z.number().int(),
  /** Consecutive UTC days with a completion, ending today or yesterday; 0 when broken. */
  currentStreakDays: z.number().int(),
  longestStreakDays: z.number().int(),
  /** Most recently active first. */
  lessons: z.array(LessonProgressRecord),
});
export type UserProgressRecord = z.infer<typeof UserProgressRecord>;

export const LessonProgressKey = z.object({ userId: UserId, lessonId: EntityId });
export type LessonProgressKey = z.infer<typeof LessonProgressKey>;

const SCORE_RANGE = 'must be between 0 and 100';
export const Score = z.number().int('must be a whole number between 0 and 100').min(0, SCORE_RANGE).max(100, SCORE_RANGE);

/** As the SDL says: learners read only their own progress, admins anyone's (analysts use aggregate analytics). */
export const READ_ANY_PROGRESS: readonly string[] = [ROLES.admin];

/**
 * Reads check the caller from the request headers: learners read only their own progress, admins anyone's
 * (every key of a batch). A user with no progress gets a record of zeros, never null.
 */
// Not cached: a streak breaks as days pass, with no event to say so.
export const getUserProgress = defineBatchCall(requestTopic('get-user-progress', 'progress'), UserId, UserProgressRecord, { partitionKey: (userId) => userId, sharing: { scope: 'caller' } });
/** Null when the learner never started the lesson. Kept until one of the learner's progress events. */
export const getLessonProgress = defineBatchCall(requestTopic('get-lesson-progress', 'progress'), LessonProgressKey, LessonProgressRecord, {
  partitionKey: (key) => key.userId,
  sharing: { scope: 'caller', invalidatedBy: { [eventTopic('progress')]: bySubject } },
});

/** Writes act for the caller (identity from the request's signed token), never for a user named in the payload. */
export const startLesson = defineCall(requestTopic('start-lesson', 'progress'), z.object({ lessonId: EntityId }), LessonProgressRecord);
export const completeLesson = defineCall(requestTopic('complete-lesson', 'progress'), z.object({ lessonId: EntityId, score: Score.nullish() }), LessonProgressRecord);
