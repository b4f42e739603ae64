import { randomUUID } from 'node:crypto';
import { eventTopic, EventPublisher, RemoteError, subscribe, waitFor, type EventEnvelope, type Identity, type Subscription } from '@puchi/kafka';
import { startTestDomain, type TestDomain } from '@puchi/subgraph-kit';
import { LESSON_EVENTS, SEED_LESSONS } from '@puchi/subgraph-lesson';
import { progressService } from './service';

/** What the progress integration suites share: the service, what it publishes, and publishers posing as the producers. */
export interface ProgressHarness {
  progress: TestDomain;
  /** Every progress event published since the harness started. */
  published: EventEnvelope[];
  lessonEvents: EventPublisher;
  quizEvents: EventPublisher;
  close(): Promise<void>;
}

export const learner = (): Identity => ({ userId: `learner-${randomUUID().slice(0, 8)}`, roles: ['learner'] });
export const admin: Identity = { userId: 'admin-root', roles: ['admin'] };

/** The rejection of a request, or undefined if it succeeded. */
export const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as RemoteError);

export const catalogSize = (progress: TestDomain) => progress.service.runtime.db.prepare('SELECT COUNT(*) FROM lesson_catalog').pluck().get() as number;

/**
 * Starts progress and publishes the seed curriculum on `lesson-events` as the lesson service does (same ids),
 * then waits until progress has cataloged it: the group may already be past earlier runs' lesson events.
 */
export async function startProgressHarness(): Promise<ProgressHarness> {
  const progress = await startTestDomain(progressService);
  const published: EventEnvelope[] = [];
  const subscription: Subscription = await subscribe({ bus: progress.bus, topic: eventTopic('progress'), mode: 'fanout', handler: (e) => void published.push(e) });
  const lessonEvents = new EventPublisher({ bus: progress.bus, source: 'lesson-service' });
  const quizEvents = new EventPublisher({ bus: progress.bus, source: 'quiz-service' });
  await Promise.all([lessonEvents.start(), quizEvents.start()]);
  await Promise.all(SEED_LESSONS.map((l) => lessonEvents.publish(eventTopic('lesson'), { id: `seed:lesson:${l.id}`, type: LESSON_EVENTS.lessonPublished, subject: l.id, payload: l })));
  await waitFor('the seed lessons cataloged', () => catalogSize(progress) >= SEED_LESSONS.length);
  return {
    progress,
    published,
    lessonEvents,
    quizEvents,
    async close() {
      await Promise.all([lessonEvents.close(), quizEvents.close(), subscription.close()]);
      await progress.close();
    },
  };
}
