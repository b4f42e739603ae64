import type { EventEnvelope } from '@puchi/kafka';
import { fromLessonEvent, fromProgressEvent, fromQuizEvent, fromUserEvent, type Derivation } from './derive';

const cause = (type: string, payload: unknown, id = 'cause-1'): EventEnvelope => ({
  id,
  type,
  occurredAt: '2031-05-10T12:00:00.000Z',
  source: 'test',
  subject: 'u1',
  schemaVersion: 1,
  payload,
});

/** Ids and types only: what decides what the store records. */
const summary = (d: Derivation) => ('invalid' in d ? d : d.events.map((e) => `${e.id} ${e.type}`));

describe('deriving analytics events', () => {
  it('turns a registration into learner-registered and the day it happened as activity', () => {
    const d = fromUserEvent(
      cause('user.registered', {
        userId: 'u1',
        displayName: 'Ana',
        email: 'ana@example.com',
        nativeLanguage: 'en',
        targetLanguage: 'es',
        level: 'A1',
        registeredAt: '2031-05-10T23:59:59.999Z',
      }),
    );
    expect(summary(d)).toEqual(['an:cause-1 analytics.learner-registered', 'an-active:u1:2031-05-10 analytics.learner-active']);
    expect('events' in d && d.events[0]!.payload).toEqual({ userId: 'u1', at: '2031-05-10T23:59:59.999Z' });
  });

  it('derives the same ids from a redelivered cause', () => {
    const payload = { userId: 'u1', lessonId: 'es-a1-01', startedAt: '2031-05-11T00:00:00.000Z' };
    expect(fromProgressEvent(cause('progress.lesson-started', payload))).toEqual(fromProgressEvent(cause('progress.lesson-started', payload)));
  });

  it('counts a first completion, and a repeated one only as activity', () => {
    const completion = (firstCompletion: boolean) => ({ userId: 'u1', lessonId: 'es-a1-01', score: 80, completedAt: '2031-05-11T08:00:00+09:00', firstCompletion });
    expect(summary(fromProgressEvent(cause('progress.lesson-completed', completion(true))))).toEqual([
      'an:cause-1 analytics.lesson-completed',
      'an-active:u1:2031-05-10 analytics.learner-active',
    ]);
    expect(summary(fromProgressEvent(cause('progress.lesson-completed', completion(false))))).toEqual(['an-active:u1:2031-05-10 analytics.learner-active']);
  });

  it('counts passed quizzes; a failed one is activity only', () => {
    const graded = (passed: boolean) => ({
      submissionId: 's1', userId: 'u1', quizId: 'q1', lessonId: 'es-a1-01', score: passed ? 90 : 20, passed, correctCount: 1, questionCount: 2, gradedAt: '2031-05-12T10:00:00.000Z',
    });
    expect(summary(fromQuizEvent(cause('quiz.graded', graded(true))))).toEqual(['an:cause-1 analytics.quiz-passed', 'an-active:u1:2031-05-12 analytics.learner-active']);
    expect(summary(fromQuizEvent(cause('quiz.graded', graded(false))))).toEqual(['an-active:u1:2031-05-12 analytics.learner-active']);
  });

  it('catalogs a published lesson under its course', () => {
    const lesson = { id: 'es-a1-01', courseId: 'es-a1', title: 'Greetings', summary: 'Hi', position: 1, level: 'A1', language: 'es', estimatedMinutes: 10, publishedAt: '2026-01-05T00:00:00.000Z' };
    const d = fromLessonEvent(cause('lesson.published', lesson, 'seed:lesson:es-a1-01'));
    expect(summary(d)).toEqual(['an:seed:lesson:es-a1-01 analytics.lesson-cataloged']);
    expect('events' in d && d.events[0]).toMatchObject({ subject: 'es-a1-01', payload: { lessonId: 'es-a1-01', courseId: 'es-a1' } });
  });

  it('ignores event types it does not report on', () => {
    expect(fromUserEvent(cause('user.profile-updated', { userId: 'u1', updatedAt: '2031-05-10T00:00:00Z' }))).toEqual({ events: [] });
    expect(fromProgressEvent(cause('progress.streak-extended', { userId: 'u1', streakDays: 2, date: '2031-05-10' }))).toEqual({ events: [] });
    expect(fromQuizEvent(cause('quiz.published', {}))).toEqual({ events: [] });
    expect(fromLessonEvent(cause('course.published', {}))).toEqual({ events: [] });
  });

  it.each([
    [fromUserEvent, 'user.registered', { userId: 'u1' }, /^user\.registered displayName: /],
    [fromProgressEvent, 'progress.lesson-started', { userId: 'u1', lessonId: 7, startedAt: '2031-05-10T00:00:00Z' }, /^progress\.lesson-started lessonId: /],
    [fromProgressEvent, 'progress.lesson-started', { userId: 'u1', lessonId: 'l1', startedAt: 'soon' }, /^progress\.lesson-started startedAt: is not a timestamp$/],
    [fromQuizEvent, 'quiz.graded', { userId: 'u1', passed: 'yes' }, /^quiz\.graded /],
    [fromLessonEvent, 'lesson.published', { id: 'l1' }, /^lesson\.published courseId: /],
  ])('refuses an invalid %#', (derive, type, payload, problem) => {
    const d = derive(cause(type, payload));
    expect('invalid' in d && d.invalid).toMatch(problem);
  });
});
