import type { EventEnvelope, EventContext } from '@puchi/kafka';
import { wasApplied, type Reaction, type ServiceRuntime } from '@puchi/subgraph-kit';
import { LESSON_EVENTS, LessonRecord } from '@puchi/subgraph-lesson';
import { QUIZ_EVENTS, QuizGraded } from '@puchi/subgraph-quiz';
import { progressActions } from './actions';
import { PROGRESS_EVENTS } from './events';
import type { PlannedEvent } from './rules';
import { catalogedCourse } from './store';

/**
 * Ids of what one cause leads to: the main effect is `progress:<cause id>`, the others add their kind. The same
 * cause delivered again yields the same ids, so the store changes once.
 */
export const causedIds =
  (causeId: string, main: PlannedEvent['kind']) =>
  (e: PlannedEvent): string =>
    e.kind === main ? `progress:${causeId}` : `progress:${causeId}:${e.kind}`;

/**
 * Reactions never write the store: they validate the producer's payload (a malformed one throws, so after
 * retries it lands in the dead-letter topic) and emit progress's own events with ids derived from the cause.
 */
export function progressReactions(runtime: ServiceRuntime): Reaction[] {
  const { db, emit } = runtime;
  const actions = progressActions(runtime);

  const catalog = async (event: EventEnvelope, context: EventContext) => {
    if (event.type !== LESSON_EVENTS.lessonPublished) return;
    const lesson = LessonRecord.parse(event.payload);
    const id = `progress:${event.id}`;
    // Republished lessons (same course) and redeliveries change nothing, so publish nothing.
    if (wasApplied(db, id) || catalogedCourse(db, lesson.id) === lesson.courseId) return;
    await emit({ id, type: PROGRESS_EVENTS.lessonCataloged, subject: lesson.id, payload: { lessonId: lesson.id, courseId: lesson.courseId } }, context);
  };

  /** A passed quiz completes the lesson with the quiz's score; a failed one at least starts it. */
  const grade = async (event: EventEnvelope, context: EventContext) => {
    if (event.type !== QUIZ_EVENTS.graded) return;
    const graded = QuizGraded.parse(event.payload);
    // One learner's quiz events share a partition and arrive in order, so a redelivery comes after the first run.
    if (wasApplied(db, `progress:${event.id}`)) return;
    const options = { at: graded.gradedAt, context };
    if (graded.passed) await actions.complete(graded.userId, graded.lessonId, graded.score, { ...options, ids: causedIds(event.id, 'completed') });
    else await actions.start(graded.userId, graded.lessonId, { ...options, ids: causedIds(event.id, 'started') });
  };

  return [
    { from: 'lesson', handle: catalog },
    { from: 'quiz', handle: grade },
  ];
}
