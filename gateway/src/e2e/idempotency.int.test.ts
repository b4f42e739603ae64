import { randomUUID } from 'node:crypto';
import { startTestSystem, type TestSystem } from './system';

jest.setTimeout(120_000);

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

interface Reply<T> {
  status: number;
  body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A client's POST with its `Idempotency-Key`, as the IETF draft writes it. */
async function post<T>(query: string, variables: Record<string, unknown>, userId: string, idempotencyKey?: string): Promise<Reply<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${await system.token(userId, ['learner'])}` };
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  const res = await fetch(`http://127.0.0.1:${system.gateway.port}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as Reply<T>['body'] };
}

const SUBMIT = `mutation ($quizId: ID!, $answers: [QuizAnswerInput!]!) { submitQuiz(quizId: $quizId, answers: $answers) { score passed correctCount } }`;
const TWO_REVIEWS = `mutation ($w: ID!) { a: reviewWord(wordId: $w, correct: true) { box } b: reviewWord(wordId: $w, correct: true) { box } }`;

describe('Idempotency-Key', () => {
  it('grades a retried quiz submission once: the same result, one grading', async () => {
    const userId = `learner-${randomUUID().slice(0, 8)}`;
    const quiz = (await system.query<{ lesson: { quiz: { id: string; questions: { id: string }[] } } }>(`{ lesson(id: "fr-a1-03") { quiz { id questions { id } } } }`)).data!.lesson.quiz;
    const variables = { quizId: quiz.id, answers: quiz.questions.map((q) => ({ questionId: q.id, chosenIndex: 0 })) };
    const key = `"${randomUUID()}"`;
    const first = await post<{ submitQuiz: { score: number } }>(SUBMIT, variables, userId, key);
    expect(first.body.errors).toBeUndefined();
    const retried = await post<{ submitQuiz: { score: number } }>(SUBMIT, variables, userId, key);
    expect(retried.body.data).toEqual(first.body.data);
    // One grading in the quiz store (the service applied it before answering), and one `quiz.graded` event.
    const graded = system.services.quiz!.runtime.db.prepare('SELECT COUNT(*) AS n FROM submissions WHERE user_id = ?').get(userId) as { n: number };
    expect(graded.n).toBe(1);
  });

  it('does each mutation field of an operation once, under its own derived key', async () => {
    const userId = `learner-${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const first = await post<{ a: { box: number }; b: { box: number } }>(TWO_REVIEWS, { w: 'es-a1-02-w01' }, userId, key);
    expect([first.body.data, first.body.errors]).toEqual([{ a: { box: 2 }, b: { box: 3 } }, undefined]);
    const retried = await post<{ a: { box: number }; b: { box: number } }>(TWO_REVIEWS, { w: 'es-a1-02-w01' }, userId, key);
    expect(retried.body.data).toEqual(first.body.data);
    const box = system.services.vocabulary!.runtime.db.prepare('SELECT box FROM reviews WHERE user_id = ? AND word_id = ?').pluck().get(userId, 'es-a1-02-w01');
    expect(box).toBe(3);
  });

  it('refuses the key with another payload (IDEMPOTENCY_KEY_REUSED) and a malformed key (400 BAD_USER_INPUT)', async () => {
    const userId = `learner-${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const review = (correct: boolean, k: string) => post(`mutation { reviewWord(wordId: "es-a1-03-w01", correct: ${correct}) { box } }`, {}, userId, k);
    expect((await review(true, key)).body.errors).toBeUndefined();
    const reused = await review(false, key);
    expect(reused.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    for (const bad of ['""', 'x'.repeat(256), 'naïve']) {
      const refused = await review(true, bad);
      expect([refused.status, refused.body.errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
      expect(refused.body.errors?.[0]?.message).toMatch(/Idempotency-Key/);
    }
  });
});
