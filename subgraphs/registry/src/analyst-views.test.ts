import { viewPayload } from '@puchi/subgraph-kit';
import { DOMAIN_MANIFESTS, domainManifest, type Domain } from './index';

/** What an analyst sees of one event type of each domain on the `events` feed (admins see the payload raw). */
const CASES: [Domain, string, Record<string, unknown>, Record<string, unknown>][] = [
  [
    'user',
    'user.registered',
    { userId: 'u1', displayName: 'Ana', email: 'ana.lima@example.com', nativeLanguage: 'pt', targetLanguage: 'es', level: 'A1', registeredAt: '2025-01-01T00:00:00Z' },
    { userId: 'u1', displayName: 'Ana', email: 'a***@example.com', nativeLanguage: 'pt', targetLanguage: 'es', level: 'A1', registeredAt: '2025-01-01T00:00:00Z' },
  ],
  ['lesson', 'course.published', { id: 'es-a1', title: 'Spanish', language: 'es', level: 'A1', description: 'd' }, { id: 'es-a1', title: 'Spanish', language: 'es', level: 'A1', description: 'd' }],
  [
    'progress',
    'progress.lesson-completed',
    { userId: 'u1', lessonId: 'es-a1-01', score: 92, completedAt: '2025-01-01T00:00:00Z', firstCompletion: true },
    { userId: 'u1', lessonId: 'es-a1-01', completedAt: '2025-01-01T00:00:00Z', firstCompletion: true },
  ],
  [
    'media',
    'media.attached',
    { assetId: 'a1', ownerType: 'lesson', ownerId: 'es-a1-01', kind: 'IMAGE', url: 'https://cdn/x.png', mimeType: 'image/png', altText: 'x', durationSeconds: null, width: 1, height: 1 },
    { assetId: 'a1', ownerType: 'lesson', ownerId: 'es-a1-01', kind: 'IMAGE', url: 'https://cdn/x.png', mimeType: 'image/png', altText: 'x', durationSeconds: null, width: 1, height: 1 },
  ],
  [
    'notification',
    'notification.created',
    { notificationId: 'n1', userId: 'u1', kind: 'QUIZ_PASSED', title: 'Well done, Ana', body: 'You scored 92 on Days and Times', lessonId: 'es-a1-06', createdAt: '2025-01-01T00:00:00Z', causedBy: 'e1' },
    { notificationId: 'n1', userId: 'u1', kind: 'QUIZ_PASSED', lessonId: 'es-a1-06', createdAt: '2025-01-01T00:00:00Z', causedBy: 'e1' },
  ],
  [
    'vocabulary',
    'word.reviewed',
    { userId: 'u1', wordId: 'es-a1-01-w01', correct: false, box: 1, nextReviewAt: '2025-01-02T00:00:00Z', reviewedAt: '2025-01-01T00:00:00Z' },
    { userId: 'u1', wordId: 'es-a1-01-w01', reviewedAt: '2025-01-01T00:00:00Z' },
  ],
  [
    'quiz',
    'quiz.published',
    { quizId: 'q1', lessonId: 'es-a1-01', title: 'Quiz', passingScore: 70, questions: [{ id: 'q1-1', prompt: 'Hola?', choices: ['Hello', 'Bye'], correctIndex: 0 }] },
    { quizId: 'q1', lessonId: 'es-a1-01', title: 'Quiz', passingScore: 70, questions: [{ id: 'q1-1', prompt: 'Hola?', choices: ['Hello', 'Bye'] }] },
  ],
  ['analytics', 'analytics.quiz-passed', { userId: 'u1', quizId: 'q1', lessonId: 'es-a1-01', at: '2025-01-01T00:00:00Z' }, { userId: 'u1', quizId: 'q1', lessonId: 'es-a1-01', at: '2025-01-01T00:00:00Z' }],
];

describe('what an analyst sees of each domain’s events', () => {
  it.each(CASES)('%s: %s', (domain, type, payload, shown) => {
    expect(viewPayload(payload, domainManifest(domain).analystViews[type])).toEqual(shown);
  });

  it('quiz.graded: whether the learner passed, not their score', () => {
    const graded = { submissionId: 's1', userId: 'u1', quizId: 'q1', lessonId: 'es-a1-01', score: 92, passed: true, correctCount: 6, questionCount: 7, gradedAt: 't' };
    expect(viewPayload(graded, domainManifest('quiz').analystViews['quiz.graded'])).toEqual({ submissionId: 's1', userId: 'u1', quizId: 'q1', lessonId: 'es-a1-01', passed: true, gradedAt: 't' });
  });

  // A type without a view shows analysts an empty payload: safe, but useless, so every published type declares one.
  it('covers every event type each domain publishes', () => {
    for (const m of DOMAIN_MANIFESTS) expect([m.name, Object.keys(m.analystViews).sort()]).toEqual([m.name, Object.keys(m.events).sort()]);
  });
});
