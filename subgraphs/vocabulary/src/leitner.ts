/**
 * Leitner spaced repetition: five boxes, a correct answer moves a word up one box (at most 5), a wrong one
 * back to box 1, and each box has its own review interval. Pure functions, so the schedule is unit-tested
 * without a clock or a store.
 */

export const MIN_BOX = 1;
export const MAX_BOX = 5;

/** Days until the next review, per box: the interval doubles with each box. */
export const REVIEW_INTERVAL_DAYS: Readonly<Record<number, number>> = { 1: 1, 2: 2, 3: 4, 4: 8, 5: 16 };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The box after a review. `current` is null for a word the learner never reviewed: it counts as box 1 (where
 * every new card starts), so a first correct answer lands in box 2.
 */
export function nextBox(current: number | null, correct: boolean): number {
  if (!correct) return MIN_BOX;
  return Math.min((current ?? MIN_BOX) + 1, MAX_BOX);
}

export function reviewIntervalDays(box: number): number {
  const days = REVIEW_INTERVAL_DAYS[box];
  if (days === undefined) throw new RangeError(`box must be between ${MIN_BOX} and ${MAX_BOX}, got ${box}`);
  return days;
}

export interface ScheduledReview {
  box: number;
  /** ISO-8601 UTC. */
  nextReviewAt: string;
}

/** The new box and due time of a word reviewed at `reviewedAt`. */
export function scheduleReview(current: number | null, correct: boolean, reviewedAt: Date): ScheduledReview {
  const box = nextBox(current, correct);
  return { box, nextReviewAt: new Date(reviewedAt.getTime() + reviewIntervalDays(box) * DAY_MS).toISOString() };
}
