import type { EventEnvelope } from '@puchi/kafka';
import { InvalidEventError, type Reaction, type ServiceRuntime } from '@puchi/subgraph-kit';
import { fromLessonEvent, fromProgressEvent, fromQuizEvent, fromUserEvent, type Derivation } from './derive';
import { isApplied } from './store';

/** The domains analytics listens to, and how each one's events become analytics events. */
const SOURCES: [string, (cause: EventEnvelope) => Derivation][] = [
  ['user', fromUserEvent],
  ['progress', fromProgressEvent],
  ['quiz', fromQuizEvent],
  ['lesson', fromLessonEvent],
];

/**
 * Reactions never write the store: they emit analytics events derived from the cause, and the service's projections apply
 * them. A payload that does not validate goes to the topic's DLT (retrying cannot fix it; the DLT keeps it). Events already recorded are not published again, so a
 * redelivered cause, or a learner's tenth action of the day, adds nothing to `analytics-events`.
 */
export function analyticsReactions({ db, emit, logger }: ServiceRuntime): Reaction[] {
  return SOURCES.map(([from, derive]) => ({
    from,
    async handle(cause, context) {
      const derived = derive(cause);
      if ('invalid' in derived) {
        logger.warn('an event that does not validate goes to the DLT', { from, id: cause.id, type: cause.type, problem: derived.invalid });
        throw new InvalidEventError(derived.invalid);
      }
      // In order: if publishing the second fails, the redelivery finds the first recorded and emits the rest.
      for (const event of derived.events) {
        if (event.id && isApplied(db, event.id)) continue;
        await emit(event, context);
      }
    },
  }));
}
