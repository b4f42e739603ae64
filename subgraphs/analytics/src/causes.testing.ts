import { randomUUID } from 'node:crypto';
import { eventTopic, EventPublisher, type MessageBus, type NewEvent } from '@puchi/kafka';

/**
 * Test helper: publishes other domains' events exactly as their services do (topic, `source`, subject, payload
 * shape), so the analytics integration test drives the service through its real inputs.
 */
const SOURCES = { user: 'user-service', progress: 'progress-service', quiz: 'quiz-service', lesson: 'lesson-service' } as const;
type CauseDomain = keyof typeof SOURCES;

export interface CausePublisher {
  /** Publishes one event and returns its envelope id (reuse it to publish a redelivery). */
  publish(from: CauseDomain, event: NewEvent): Promise<string>;
  close(): Promise<void>;
}

export async function startCausePublisher(bus: MessageBus): Promise<CausePublisher> {
  const publishers = new Map<string, EventPublisher>();
  for (const [domain, source] of Object.entries(SOURCES) as [CauseDomain, string][]) {
    const publisher = new EventPublisher({ bus, source });
    await publisher.start();
    publishers.set(domain, publisher);
  }
  return {
    async publish(from, event) {
      const published = await publishers.get(from)!.publish(eventTopic(from), { id: randomUUID(), ...event });
      return published.id;
    },
    close: async () => {
      await Promise.all([...publishers.values()].map((p) => p.close()));
    },
  };
}

export const userRegistered = (userId: string, registeredAt: string): NewEvent => ({
  type: 'user.registered',
  subject: userId,
  payload: { userId, displayName: userId, email: `${userId}@example.com`, nativeLanguage: 'en', targetLanguage: 'es', level: 'A1', registeredAt },
});

export const lessonStarted = (userId: string, lessonId: string, startedAt: string): NewEvent => ({
  type: 'progress.lesson-started',
  subject: userId,
  payload: { userId, lessonId, startedAt },
});

export const lessonCompleted = (userId: string, lessonId: string, completedAt: string, firstCompletion = true): NewEvent => ({
  type: 'progress.lesson-completed',
  subject: userId,
  payload: { userId, lessonId, score: 80, completedAt, firstCompletion },
});

export const quizGraded = (userId: string, lessonId: string, gradedAt: string, passed: boolean): NewEvent => ({
  type: 'quiz.graded',
  subject: userId,
  payload: {
    submissionId: randomUUID(),
    userId,
    quizId: `${lessonId}-quiz`,
    lessonId,
    score: passed ? 90 : 30,
    passed,
    correctCount: passed ? 9 : 3,
    questionCount: 10,
    gradedAt,
  },
});

/** The course the test's lessons belong to: published first, so the catalog never holds a lesson without its course. */
export const coursePublished = (courseId: string): NewEvent => ({
  type: 'course.published',
  subject: courseId,
  payload: { id: courseId, title: 'A course of the analytics test', language: 'es', level: 'A1', description: 'Published by the analytics test.' },
});

export const lessonPublished = (lessonId: string, courseId: string, position: number): NewEvent => ({
  type: 'lesson.published',
  subject: lessonId,
  payload: {
    id: lessonId,
    courseId,
    title: `Lesson ${position}`,
    summary: 'A lesson published by the analytics test.',
    position,
    level: 'A1',
    language: 'es',
    estimatedMinutes: 10,
    publishedAt: '2026-01-05T00:00:00.000Z',
  },
});
