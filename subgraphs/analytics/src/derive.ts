import type { EventEnvelope, NewEvent } from '@puchi/kafka';
import { LESSON_EVENTS, LessonRecord } from '@puchi/subgraph-lesson';
import { LessonCompleted, LessonStarted, PROGRESS_EVENTS } from '@puchi/subgraph-progress';
import { QUIZ_EVENTS, QuizGraded } from '@puchi/subgraph-quiz';
import { USER_EVENTS, UserRegistered } from '@puchi/subgraph-user';
import type { z } from 'zod';
import { utcDay } from './dates';
import { ANALYTICS_EVENTS } from './events';

/**
 * Turns another domain's event (the cause) into analytics' own events. Pure: the ids come from the cause, so
 * deriving twice from a redelivered cause gives the same events, which the runtime records once.
 */
export type Derivation = { events: NewEvent[] } | { invalid: string };

/** The event a cause becomes: `an:<cause id>`. */
export const derivedId = (cause: EventEnvelope) => `an:${cause.id}`;
/** One learner-active event per learner per UTC day, whatever caused it. */
export const activeId = (userId: string, date: string) => `an-active:${userId}:${date}`;

const IGNORED: Derivation = { events: [] };

/** The first problem of a payload that does not validate, as `field: message`. */
function problem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'payload: is invalid';
}

function parse<T>(schema: z.ZodType<T>, cause: EventEnvelope): { value: T } | { invalid: string } {
  const result = schema.safeParse(cause.payload);
  return result.success ? { value: result.data } : { invalid: `${cause.type} ${problem(result.error)}` };
}

/** `main` (if any) plus the learner's activity on the day of `at`; invalid when `at` is no timestamp. */
function withActivity(cause: EventEnvelope, userId: string, at: string, field: string, main: NewEvent | null): Derivation {
  const date = utcDay(at);
  if (date === null) return { invalid: `${cause.type} ${field}: is not a timestamp` };
  const active: NewEvent = { id: activeId(userId, date), type: ANALYTICS_EVENTS.learnerActive, subject: userId, payload: { userId, date }, occurredAt: at };
  return { events: main ? [main, active] : [active] };
}

export function fromUserEvent(cause: EventEnvelope): Derivation {
  if (cause.type !== USER_EVENTS.registered) return IGNORED;
  const parsed = parse(UserRegistered, cause);
  if ('invalid' in parsed) return parsed;
  const { userId, registeredAt: at } = parsed.value;
  const main = { id: derivedId(cause), type: ANALYTICS_EVENTS.learnerRegistered, subject: userId, payload: { userId, at }, occurredAt: at };
  return withActivity(cause, userId, at, 'registeredAt', main);
}

export function fromProgressEvent(cause: EventEnvelope): Derivation {
  if (cause.type === PROGRESS_EVENTS.lessonStarted) {
    const parsed = parse(LessonStarted, cause);
    if ('invalid' in parsed) return parsed;
    const { userId, lessonId, startedAt: at } = parsed.value;
    const main = { id: derivedId(cause), type: ANALYTICS_EVENTS.lessonStarted, subject: userId, payload: { userId, lessonId, at }, occurredAt: at };
    return withActivity(cause, userId, at, 'startedAt', main);
  }
  if (cause.type === PROGRESS_EVENTS.lessonCompleted) {
    const parsed = parse(LessonCompleted, cause);
    if ('invalid' in parsed) return parsed;
    const { userId, lessonId, completedAt: at, firstCompletion } = parsed.value;
    // Completing a lesson again is activity, but not another completion.
    const main = firstCompletion
      ? { id: derivedId(cause), type: ANALYTICS_EVENTS.lessonCompleted, subject: userId, payload: { userId, lessonId, at }, occurredAt: at }
      : null;
    return withActivity(cause, userId, at, 'completedAt', main);
  }
  return IGNORED;
}

export function fromQuizEvent(cause: EventEnvelope): Derivation {
  if (cause.type !== QUIZ_EVENTS.graded) return IGNORED;
  const parsed = parse(QuizGraded, cause);
  if ('invalid' in parsed) return parsed;
  const { userId, quizId, lessonId, gradedAt: at, passed } = parsed.value;
  // A failed submission still makes the learner active that day (the schema counts "submitted a quiz").
  const main = passed
    ? { id: derivedId(cause), type: ANALYTICS_EVENTS.quizPassed, subject: userId, payload: { userId, quizId, lessonId, at }, occurredAt: at }
    : null;
  return withActivity(cause, userId, at, 'gradedAt', main);
}

export function fromLessonEvent(cause: EventEnvelope): Derivation {
  if (cause.type !== LESSON_EVENTS.lessonPublished) return IGNORED;
  const parsed = parse(LessonRecord, cause);
  if ('invalid' in parsed) return parsed;
  const { id: lessonId, courseId } = parsed.value;
  return { events: [{ id: derivedId(cause), type: ANALYTICS_EVENTS.lessonCataloged, subject: lessonId, payload: { lessonId, courseId } }] };
}
