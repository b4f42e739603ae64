import { PROGRESS_EVENTS, type LessonCompleted, type LessonStarted, type StreakExtended } from './events';
import { runEndingOn, utcDay } from './streak';

/**
 * What a start or a completion changes, as the events to emit, decided from the learner's current state alone.
 * The service, the quiz reaction and the seed all go through these, so they agree on what happens.
 */

/** One learner's stored progress on one lesson; null when they never started it. */
export interface LessonState {
  startedAt: string | null;
  completedAt: string | null;
}

/** `kind` lets the caller give each event its id (derived from a cause, or fixed for the seed). */
export type PlannedEvent =
  | { kind: 'started'; type: typeof PROGRESS_EVENTS.lessonStarted; payload: LessonStarted }
  | { kind: 'completed'; type: typeof PROGRESS_EVENTS.lessonCompleted; payload: LessonCompleted }
  | { kind: 'streak'; type: typeof PROGRESS_EVENTS.streakExtended; payload: StreakExtended };

/** Starting is idempotent: a lesson already started (or completed) keeps its first start and emits nothing. */
export function planStart(userId: string, lessonId: string, state: LessonState | null, at: string): PlannedEvent[] {
  if (state?.startedAt) return [];
  return [{ kind: 'started', type: PROGRESS_EVENTS.lessonStarted, payload: { userId, lessonId, startedAt: at } }];
}

export interface Completion {
  userId: string;
  lessonId: string;
  state: LessonState | null;
  score: number | null;
  at: string;
  /** The UTC days on which the learner completed something before this. */
  completionDays: readonly string[];
}

/**
 * Completing starts the lesson first if needed, then completes it (again, possibly with a better score). The
 * streak is extended by the first completion of a UTC day that is not older than the latest completion day: a
 * second completion the same day, or a late-arriving one for an earlier day, does not move the current streak.
 */
export function planCompletion({ userId, lessonId, state, score, at, completionDays }: Completion): PlannedEvent[] {
  const events: PlannedEvent[] = planStart(userId, lessonId, state, at);
  events.push({
    kind: 'completed',
    type: PROGRESS_EVENTS.lessonCompleted,
    payload: { userId, lessonId, score, completedAt: at, firstCompletion: !state?.completedAt },
  });
  const day = utcDay(at);
  const latest = [...completionDays].sort().at(-1);
  if (!completionDays.includes(day) && (latest === undefined || day > latest)) {
    events.push({ kind: 'streak', type: PROGRESS_EVENTS.streakExtended, payload: { userId, streakDays: runEndingOn([...completionDays, day], day), date: day } });
  }
  return events;
}
