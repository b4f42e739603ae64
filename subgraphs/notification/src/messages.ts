import type { LessonCompleted, StreakExtended } from '@puchi/subgraph-progress';
import type { QuizGraded } from '@puchi/subgraph-quiz';
import type { UserRegistered } from '@puchi/subgraph-user';
import type { NotificationCreated } from './events';

/**
 * What each cause event tells the learner. Pure functions from a validated cause to the notification it
 * creates (or null: not every cause deserves one), so the wording and the rules are unit-tested.
 */

/** The part of a cause's envelope a notification is derived from. */
export interface Cause {
  id: string;
  occurredAt: string;
}

/** Derived from the cause, so a redelivered cause maps to the same notification and creates nothing new. */
export const notificationIdFor = (causeId: string) => `notif-${causeId}`;

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** `es` → `Spanish`; an unknown code is shown as it is. */
export function languageName(code: string): string {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code; // not a well-formed language tag
  }
}

/**
 * A readable name for a lesson id without asking the lesson service: ids follow `<language>-<level>-<NN>`
 * (`es-a1-03` → `lesson 3 of Spanish A1`); any other id is quoted as it is.
 */
export function lessonLabel(lessonId: string): string {
  const match = /^([a-z]{2,3})-([abc][12])-(\d{1,3})$/.exec(lessonId);
  if (!match) return `lesson ${lessonId}`;
  const [, language = '', level = '', number = ''] = match;
  return `lesson ${Number(number)} of ${languageName(language)} ${level.toUpperCase()}`;
}

const base = (cause: Cause, userId: string) => ({ notificationId: notificationIdFor(cause.id), userId, createdAt: cause.occurredAt, causedBy: cause.id });

/** Only the first completion: completing a lesson again (to improve a score) is not news. */
export function lessonCompletedNotification(cause: Cause, p: LessonCompleted): NotificationCreated | null {
  if (!p.firstCompletion) return null;
  const score = p.score === null ? '' : ` with a score of ${p.score}%`;
  return { ...base(cause, p.userId), kind: 'LESSON_COMPLETED', title: 'Lesson completed', body: `Well done! You completed ${lessonLabel(p.lessonId)}${score}.`, lessonId: p.lessonId };
}

export function streakExtendedNotification(cause: Cause, p: StreakExtended): NotificationCreated {
  const body = p.streakDays === 1 ? 'You started a streak today. Come back tomorrow to keep it going!' : `You have learned ${p.streakDays} days in a row. Come back tomorrow to keep it going!`;
  return { ...base(cause, p.userId), kind: 'STREAK_EXTENDED', title: `${p.streakDays}-day streak!`, body, lessonId: null };
}

/** Only a passed quiz: a failed attempt is the learner's business, not a notification. */
export function quizPassedNotification(cause: Cause, p: QuizGraded): NotificationCreated | null {
  if (!p.passed) return null;
  const body = `You passed the quiz for ${lessonLabel(p.lessonId)} with ${p.score}% (${p.correctCount} of ${p.questionCount} correct).`;
  return { ...base(cause, p.userId), kind: 'QUIZ_PASSED', title: 'Quiz passed', body, lessonId: p.lessonId };
}

export function welcomeNotification(cause: Cause, p: UserRegistered): NotificationCreated {
  const body = `Your ${languageName(p.targetLanguage)} journey starts now: pick your first lesson and learn a few words today.`;
  return { ...base(cause, p.userId), kind: 'WELCOME', title: `Welcome to Puchi, ${p.displayName}!`, body, lessonId: null };
}
