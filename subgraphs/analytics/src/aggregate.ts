/** The report math, apart from the store so it can be tested without one. */

export interface LessonCounts {
  lessonId: string;
  /** Distinct learners who started (or completed, which implies starting) the lesson. */
  learnersStarted: number;
  /** Distinct learners who completed it. */
  learnersCompleted: number;
}

export interface LessonRate extends LessonCounts {
  /** 0..1; 0 when nobody started. */
  completionRate: number;
}

export interface DayCount {
  date: string;
  activeLearners: number;
}

/**
 * `completed / started`, kept within 0..1: 0 when nobody started, and never above 1 even if the counts
 * disagree (a completion arriving without its start must not report 150 %).
 */
export function completionRate(started: number, completed: number): number {
  if (started <= 0 || completed <= 0) return 0;
  return Math.min(1, completed / started);
}

/**
 * Orders lessons lowest rate first (the API's promise: the lessons that lose learners lead). Among equal rates
 * the lesson more learners started comes first, since its rate says more; then lesson id, so pages are stable.
 */
export function compareRates(a: LessonRate, b: LessonRate): number {
  return a.completionRate - b.completionRate || b.learnersStarted - a.learnersStarted || (a.lessonId < b.lessonId ? -1 : a.lessonId > b.lessonId ? 1 : 0);
}

/** The `first` lessons with the lowest completion rate. */
export function rankLessonRates(counts: readonly LessonCounts[], first: number): LessonRate[] {
  return counts
    .map((c) => ({ ...c, completionRate: completionRate(c.learnersStarted, c.learnersCompleted) }))
    .sort(compareRates)
    .slice(0, Math.max(0, first));
}

/** One entry per day in `days` (in that order), 0 where `counts` has none. */
export function fillDays(days: readonly string[], counts: ReadonlyMap<string, number>): DayCount[] {
  return days.map((date) => ({ date, activeLearners: counts.get(date) ?? 0 }));
}
