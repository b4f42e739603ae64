import { randomUUID } from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { startTestDomain, type TestDomain } from '@puchi/subgraph-kit';
import { graphql } from 'graphql';
import { quizDomain } from './index';
import { SEED_QUIZZES } from './seed';
import { quizService } from './service';

const schema = buildSubgraphSchema([{ typeDefs: quizDomain.subgraph().typeDefs, resolvers: quizDomain.subgraph().resolvers }]);

let quiz: TestDomain;
beforeAll(async () => {
  quiz = await startTestDomain(quizService);
});
afterAll(() => quiz.close());

const run = (source: string, identity?: { userId: string; roles: string[] }) => {
  const contextValue = quiz.context(identity);
  return graphql({ schema, source, contextValue }).then((result) => ({ ...result, requestCounts: contextValue.requestCounts }));
};

describe('quiz subgraph', () => {
  it("resolves many lessons' quizzes with one get-lesson-quiz request", async () => {
    const result = await run(`{ _entities(representations: [
      { __typename: "Lesson", id: "es-a1-01" }, { __typename: "Lesson", id: "fr-a1-02" }, { __typename: "Lesson", id: "xx-a1-99" }
    ]) { ... on Lesson { id quiz { id title passingScore lesson { id } questions { id prompt choices } } } } }`);
    expect(result.errors).toBeUndefined();
    const lessons = result.data!._entities as { id: string; quiz: { id: string; lesson: { id: string }; questions: unknown[] } | null }[];
    expect(lessons.map((l) => l.quiz?.id ?? null)).toEqual(['quiz-es-a1-01', 'quiz-fr-a1-02', null]);
    expect(lessons[1]!.quiz!.lesson).toEqual({ id: 'fr-a1-02' });
    expect(lessons[0]!.quiz!.questions).toHaveLength(4);
    expect(result.requestCounts.get('get-lesson-quiz')).toBe(1);
  });

  it('grades a submission and returns the quiz with the result', async () => {
    const seed = SEED_QUIZZES.find((q) => q.quizId === 'quiz-ja-a1-03')!;
    const answers = seed.questions.map((q) => `{ questionId: "${q.id}", chosenIndex: ${q.correctIndex} }`).join(', ');
    const result = await run(
      `mutation { submitQuiz(quizId: "quiz-ja-a1-03", answers: [${answers}]) { quiz { id title } score passed correctCount questionCount answers { questionId correct correctIndex } } }`,
      { userId: `learner-${randomUUID().slice(0, 8)}`, roles: ['learner'] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.submitQuiz).toMatchObject({ quiz: { id: 'quiz-ja-a1-03', title: 'Quiz: Self-Introduction' }, score: 100, passed: true, correctCount: 4, questionCount: 4 });
  });

  it('refuses an anonymous submission with UNAUTHENTICATED before calling the service', async () => {
    const result = await run('mutation { submitQuiz(quizId: "quiz-es-a1-01", answers: []) { score } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.requestCounts.size).toBe(0);
  });

  it('passes the service refusal through with its code and field', async () => {
    const result = await run('mutation { submitQuiz(quizId: "quiz-es-a1-01", answers: [{ questionId: "q1", chosenIndex: 9 }]) { score } }', { userId: 'learner-x', roles: ['learner'] });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toBe('answers.0.chosenIndex: must be between 0 and 3');
  });
});
