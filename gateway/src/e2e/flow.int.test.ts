import { randomUUID } from 'node:crypto';
import { waitFor } from '@puchi/kafka';
import { startTestSystem, type TestSystem } from './system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

describe('submitQuiz flows through the domains', () => {
  it('updates progress, notifies the learner and counts in analytics', async () => {
    const learner = { userId: `learner-${randomUUID().slice(0, 8)}` };
    const analyst = { userId: 'analyst-ida', roles: ['analyst'] };
    const totals = async () =>
      (await system.query<{ analyticsTotals: { quizzesPassed: number } }>(`{ analyticsTotals { quizzesPassed } }`, undefined, analyst)).data!.analyticsTotals.quizzesPassed;
    const passedBefore = await totals();

    const { data } = await system.query<{ lesson: { quiz: { id: string; questions: { id: string }[] } } }>(`{ lesson(id: "ja-a1-02") { quiz { id questions { id } } } }`);
    const quiz = data!.lesson.quiz;
    // A first attempt learns the right answers (the result shows them), the second passes.
    const first = await system.query<{ submitQuiz: { passed: boolean; answers: { questionId: string; correctIndex: number }[] } }>(
      `mutation ($quizId: ID!, $answers: [QuizAnswerInput!]!) { submitQuiz(quizId: $quizId, answers: $answers) { passed answers { questionId correctIndex } } }`,
      { quizId: quiz.id, answers: quiz.questions.map((q) => ({ questionId: q.id, chosenIndex: 0 })) },
      learner,
    );
    const answers = first.data!.submitQuiz.answers.map((a) => ({ questionId: a.questionId, chosenIndex: a.correctIndex }));
    const graded = await system.query<{ submitQuiz: { passed: boolean; score: number } }>(
      `mutation ($quizId: ID!, $answers: [QuizAnswerInput!]!) { submitQuiz(quizId: $quizId, answers: $answers) { passed score } }`,
      { quizId: quiz.id, answers },
      learner,
    );
    expect(graded.data!.submitQuiz).toEqual({ passed: true, score: 100 });

    const progress = await waitFor('the lesson completed by the quiz', async () => {
      const r = await system.query<{ lesson: { progress: { status: string; score: number } } }>(`{ lesson(id: "ja-a1-02") { progress { status score } } }`, undefined, learner);
      return r.data?.lesson.progress.status === 'COMPLETED' ? r.data.lesson.progress : undefined;
    });
    expect(progress.score).toBe(100);

    const kinds = await waitFor('lesson-completed and quiz-passed notifications', async () => {
      const r = await system.query<{ myNotifications: { kind: string }[] }>(`{ myNotifications { kind } }`, undefined, learner);
      const found = (r.data?.myNotifications ?? []).map((n) => n.kind).sort();
      return found.includes('LESSON_COMPLETED') && found.includes('QUIZ_PASSED') ? found : undefined;
    });
    expect(kinds).toEqual(expect.arrayContaining(['LESSON_COMPLETED', 'QUIZ_PASSED']));

    expect(await waitFor('analytics to count the pass', async () => ((await totals()) === passedBefore + 1 ? true : undefined))).toBe(true);
  });
});
