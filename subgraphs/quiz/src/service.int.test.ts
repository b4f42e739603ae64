import { randomUUID } from 'node:crypto';
import { eventTopic, RemoteError, subscribe, waitFor, type EventEnvelope, type Subscription } from '@puchi/kafka';
import { replayDomain, startTestDomain, tempDbPath, type TestDomain } from '@puchi/subgraph-kit';
import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import { getLessonQuiz, getQuizById, submitQuiz, type QuizAnswer } from './contracts';
import { QUIZ_EVENTS, QuizGraded } from './events';
import { SEED_QUIZZES } from './seed';
import { quizService } from './service';

let quiz: TestDomain;
let events: Subscription;
const seen: EventEnvelope[] = [];
beforeAll(async () => {
  quiz = await startTestDomain(quizService);
  events = await subscribe({ bus: quiz.bus, topic: eventTopic('quiz'), mode: 'fanout', handler: (e) => void seen.push(e) });
});
afterAll(async () => {
  await events.close();
  await quiz.close();
});

const learner = () => ({ userId: `learner-${randomUUID().slice(0, 8)}`, roles: ['learner'] });
const submitAs = (identity: { userId: string; roles: string[] } | undefined, payload: { quizId: string; answers: QuizAnswer[] }) =>
  quiz.client.request(submitQuiz.route, payload, quiz.as(identity));
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as RemoteError);
const submissionCount = () => quiz.service.runtime.db.prepare('SELECT COUNT(*) FROM submissions').pluck().get() as number;

/** The seed's correct answers for a quiz, with `wrong` questions answered wrongly on purpose. */
const answersFor = (quizId: string, wrong: string[] = []): QuizAnswer[] =>
  SEED_QUIZZES.find((q) => q.quizId === quizId)!.questions.map((q) => ({
    questionId: q.id,
    chosenIndex: wrong.includes(q.id) ? (q.correctIndex + 1) % q.choices.length : q.correctIndex,
  }));

const highWatermark = async () => {
  const admin = await quiz.bus.admin();
  const ends = await admin.boundaryOffsets(eventTopic('quiz'), 'high');
  await admin.disconnect();
  return ends.reduce((sum, p) => sum + Number(p.offset), 0);
};

describe('quiz service', () => {
  it('seeds one quiz of four questions per lesson, without the correct answers', async () => {
    const { values } = await quiz.client.request(getLessonQuiz.route, { keys: SEED_LESSONS.map((l) => l.id) });
    expect(values).toHaveLength(30);
    for (const [i, value] of values.entries()) {
      expect(value).toMatchObject({ id: `quiz-${SEED_LESSONS[i]!.id}`, lessonId: SEED_LESSONS[i]!.id, passingScore: 75 });
      expect(value!.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    }
    expect(JSON.stringify(values)).not.toContain('correct');
    expect(values[0]!.title).toBe('Quiz: Greetings');
  });

  it('answers batches in key order, with null for an unknown id', async () => {
    const byLesson = await quiz.client.request(getLessonQuiz.route, { keys: ['ja-a1-02', 'xx-a1-99', 'es-a1-01'] });
    expect(byLesson.values.map((v) => v?.id ?? null)).toEqual(['quiz-ja-a1-02', null, 'quiz-es-a1-01']);
    const byId = await quiz.client.request(getQuizById.route, { keys: ['quiz-fr-a1-03', 'quiz-nope'] });
    expect(byId.values.map((v) => v?.lessonId ?? null)).toEqual(['fr-a1-03', null]);
  });

  it('grades a passing submission, reveals the correct answers and publishes quiz.graded for the caller', async () => {
    const me = learner();
    const result = await submitAs(me, { quizId: 'quiz-es-a1-02', answers: answersFor('quiz-es-a1-02', ['q3']) });
    expect(result).toMatchObject({ quizId: 'quiz-es-a1-02', lessonId: 'es-a1-02', score: 75, passed: true, correctCount: 3, questionCount: 4 });
    expect(result.answers.map((a) => a.correct)).toEqual([true, true, false, true]);
    const q3 = SEED_QUIZZES.find((q) => q.quizId === 'quiz-es-a1-02')!.questions[2]!;
    expect(result.answers[2]).toMatchObject({ questionId: 'q3', correctIndex: q3.correctIndex });

    const event = await waitFor('quiz.graded', () => seen.find((e) => e.type === QUIZ_EVENTS.graded && e.subject === me.userId));
    const payload = QuizGraded.parse(event.payload);
    expect(payload).toMatchObject({ userId: me.userId, quizId: 'quiz-es-a1-02', lessonId: 'es-a1-02', score: 75, passed: true });
    expect(payload.submissionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('fails a submission below the passing score; unanswered questions count as wrong', async () => {
    const me = learner();
    const result = await submitAs(me, { quizId: 'quiz-de-a2-01', answers: answersFor('quiz-de-a2-01', ['q1']).slice(0, 3) });
    expect(result).toMatchObject({ score: 50, passed: false, correctCount: 2, questionCount: 4 });
    expect(result.answers).toHaveLength(3);
  });

  it.each([
    [{ quizId: 'quiz-xx-a1-99', answers: [] }, 'quizId: no quiz "quiz-xx-a1-99"'],
    [{ quizId: 'Quiz!', answers: [] }, /^quizId: must be a lowercase slug/],
    [{ quizId: 'quiz-es-a1-01', answers: [{ questionId: 'q7', chosenIndex: 0 }] }, 'answers: no question "q7" in quiz "quiz-es-a1-01"'],
    [
      { quizId: 'quiz-es-a1-01', answers: [{ questionId: 'q1', chosenIndex: 0 }, { questionId: 'q1', chosenIndex: 1 }] },
      'answers: question "q1" is answered more than once',
    ],
    [
      { quizId: 'quiz-es-a1-01', answers: [{ questionId: 'q1', chosenIndex: 0 }, { questionId: 'q2', chosenIndex: 0 }, { questionId: 'q3', chosenIndex: 4 }] },
      'answers.2.chosenIndex: must be between 0 and 3',
    ],
  ])('refuses %j with BAD_USER_INPUT naming the field, and records nothing', async (payload, message) => {
    const before = submissionCount();
    const error = await refusal(submitAs(learner(), payload));
    expect(error).toBeInstanceOf(RemoteError);
    expect(error!.code).toBe('BAD_USER_INPUT');
    expect(error!.remoteMessage).toMatch(message);
    expect(submissionCount()).toBe(before);
  });

  it('refuses an anonymous submission with UNAUTHENTICATED', async () => {
    const error = await refusal(submitAs(undefined, { quizId: 'quiz-es-a1-01', answers: answersFor('quiz-es-a1-01') }));
    expect(error!.code).toBe('UNAUTHENTICATED');
  });

  it('seeds once: a restart on the same store publishes nothing new and keeps the data', async () => {
    const before = await highWatermark();
    await quiz.restart();
    expect(await highWatermark()).toBe(before);
    const { values } = await quiz.client.request(getQuizById.route, { keys: ['quiz-ja-a1-08'] });
    expect(values[0]?.questions[0]?.prompt).toBe("How do you ask 'How much is it?'");
  });

  it('rebuilds an identical store by replaying quiz-events', async () => {
    await submitAs(learner(), { quizId: 'quiz-fr-a1-01', answers: answersFor('quiz-fr-a1-01') });
    const rebuilt = tempDbPath('quiz-replay');
    await replayDomain(quizService, quiz.bus, rebuilt);
    const keys = SEED_QUIZZES.map((q) => q.quizId);
    const original = await quiz.client.request(getQuizById.route, { keys });
    const submissions = (db: TestDomain['service']['runtime']['db']) => db.prepare('SELECT * FROM submissions ORDER BY id').all();
    const originalSubmissions = submissions(quiz.service.runtime.db);
    const replayed = await startTestDomain(quizService, rebuilt);
    try {
      expect(await replayed.client.request(getQuizById.route, { keys })).toEqual(original);
      // The topic is shared with earlier runs, so the rebuilt store may hold more: it must hold all of ours.
      expect(submissions(replayed.service.runtime.db)).toEqual(expect.arrayContaining(originalSubmissions));
    } finally {
      await replayed.close();
    }
  });
});
