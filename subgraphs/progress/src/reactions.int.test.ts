import { randomUUID } from 'node:crypto';
import { eventTopic, waitFor, type Identity } from '@puchi/kafka';
import { LESSON_EVENTS, SEED_LESSONS, type LessonRecord } from '@puchi/subgraph-lesson';
import { startTestDomain } from '@puchi/subgraph-kit';
import { QUIZ_EVENTS, SEED_QUIZZES, quizDomain, submitQuiz, type QuizGraded } from '@puchi/subgraph-quiz';
import { getLessonProgress, startLesson } from './contracts';
import { catalogSize, learner, refusal, startProgressHarness, type ProgressHarness } from './testing';

let h: ProgressHarness;
beforeAll(async () => {
  h = await startProgressHarness();
});
afterAll(() => h.close());

const lessonProgress = async (me: Identity, lessonId: string) =>
  (await h.progress.client.request(getLessonProgress.route, { keys: [{ userId: me.userId, lessonId }] }, h.progress.as(me))).values[0];

/** A `quiz.graded` exactly as the quiz service publishes it (subject: the learner; id: the submission id). */
const graded = (me: Identity, lessonId: string, score: number, gradedAt = new Date().toISOString()) => {
  const submissionId = randomUUID();
  const payload: QuizGraded = { submissionId, userId: me.userId, quizId: `quiz-${lessonId}`, lessonId, score, passed: score >= 75, correctCount: score / 25, questionCount: 4, gradedAt };
  return { id: submissionId, type: QUIZ_EVENTS.graded, subject: me.userId, payload, occurredAt: gradedAt };
};
const publishGraded = (event: ReturnType<typeof graded>) => h.quizEvents.publish(eventTopic('quiz'), event);
const eventsOf = (userId: string, type: string) => h.published.filter((e) => e.subject === userId && e.type === type);

describe('progress reacting to quiz-events', () => {
  it('completes the lesson with the score of a passed quiz, once even when the quiz event is redelivered', async () => {
    const me = learner();
    const passed = graded(me, 'es-a1-03', 75, '2026-11-25T10:00:00.000Z');
    await publishGraded(passed);
    const done = await waitFor('es-a1-03 completed', async () => (await lessonProgress(me, 'es-a1-03'))?.status === 'COMPLETED' && lessonProgress(me, 'es-a1-03'));
    expect(done).toMatchObject({ score: 75, startedAt: '2026-11-25T10:00:00.000Z', completedAt: '2026-11-25T10:00:00.000Z' });

    await publishGraded(passed);
    // Same learner, same partition: once this later failed quiz has started es-a1-04, the redelivery was handled.
    await publishGraded(graded(me, 'es-a1-04', 50));
    await waitFor('es-a1-04 started', async () => (await lessonProgress(me, 'es-a1-04'))?.status === 'IN_PROGRESS');
    await waitFor('progress events published', () => eventsOf(me.userId, 'progress.lesson-started').length === 2);

    const completed = eventsOf(me.userId, 'progress.lesson-completed');
    expect(completed.map((e) => e.id)).toEqual([`progress:${passed.id}`]);
    expect(completed[0]!.payload).toMatchObject({ lessonId: 'es-a1-03', score: 75, firstCompletion: true });
    expect(eventsOf(me.userId, 'progress.streak-extended')).toHaveLength(1);
  });

  it('only starts the lesson for a failed quiz, and leaves a started lesson as it was', async () => {
    const me = learner();
    await h.progress.client.request(startLesson.route, { lessonId: 'fr-a1-05' }, h.progress.as(me));
    const before = await lessonProgress(me, 'fr-a1-05');
    await publishGraded(graded(me, 'fr-a1-05', 25));
    await publishGraded(graded(me, 'fr-a1-06', 50));
    await waitFor('fr-a1-06 started', async () => (await lessonProgress(me, 'fr-a1-06'))?.status === 'IN_PROGRESS');
    expect(await lessonProgress(me, 'fr-a1-05')).toEqual(before);
    expect(eventsOf(me.userId, 'progress.lesson-completed')).toEqual([]);
  });

  it('keeps the best score when a later passed quiz scores lower', async () => {
    const me = learner();
    await publishGraded(graded(me, 'ja-a1-02', 100));
    await waitFor('ja-a1-02 completed', async () => (await lessonProgress(me, 'ja-a1-02'))?.score === 100);
    await publishGraded(graded(me, 'ja-a1-02', 75));
    await waitFor('second completion', () => eventsOf(me.userId, 'progress.lesson-completed').length === 2);
    await waitFor('the second completion applied', async () => (await lessonProgress(me, 'ja-a1-02'))?.score === 100);
    expect(eventsOf(me.userId, 'progress.lesson-completed').map((e) => (e.payload as { firstCompletion: boolean }).firstCompletion)).toEqual([true, false]);
  });
});

describe('quiz and progress together', () => {
  it('completes the lesson when the real quiz service grades a passing submission', async () => {
    const quiz = await startTestDomain(quizDomain.service);
    try {
      const me = learner();
      const answers = SEED_QUIZZES.find((q) => q.lessonId === 'de-a2-05')!.questions.map((q) => ({ questionId: q.id, chosenIndex: q.correctIndex }));
      const result = await quiz.client.request(submitQuiz.route, { quizId: 'quiz-de-a2-05', answers }, quiz.as(me));
      expect(result).toMatchObject({ score: 100, passed: true });
      const done = await waitFor('de-a2-05 completed', async () => (await lessonProgress(me, 'de-a2-05'))?.status === 'COMPLETED' && lessonProgress(me, 'de-a2-05'));
      expect(done).toMatchObject({ score: 100 });
    } finally {
      await quiz.close();
    }
  });
});

describe('progress reacting to lesson-events', () => {
  it('learns a newly published lesson (once, even redelivered) and then accepts it', async () => {
    const lessonId = `zz-a1-${randomUUID().slice(0, 8)}`;
    const me = learner();
    expect((await refusal(h.progress.client.request(startLesson.route, { lessonId }, h.progress.as(me))))?.remoteMessage).toBe(`lessonId: no lesson "${lessonId}"`);

    const lesson: LessonRecord = { ...SEED_LESSONS[0]!, id: lessonId, courseId: 'zz-a1', position: 1 };
    const published = { id: randomUUID(), type: LESSON_EVENTS.lessonPublished, subject: lessonId, payload: lesson };
    const before = catalogSize(h.progress);
    await h.lessonEvents.publish(eventTopic('lesson'), published);
    await h.lessonEvents.publish(eventTopic('lesson'), published);
    await waitFor('lesson cataloged', () => catalogSize(h.progress) === before + 1);
    expect(await h.progress.client.request(startLesson.route, { lessonId }, h.progress.as(me))).toMatchObject({ status: 'IN_PROGRESS' });
    await waitFor('cataloged event', () => h.published.some((e) => e.subject === lessonId));
    expect(h.published.filter((e) => e.subject === lessonId && e.type === 'progress.lesson-cataloged').map((e) => e.id)).toEqual([`progress:${published.id}`]);
  });
});
