import { randomUUID } from 'node:crypto';
import { waitFor } from '@puchi/kafka';
import { startTestSystem, type TestSystem } from './system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const codes = (result: { errors?: { extensions?: { code?: string } }[] }) => (result.errors ?? []).map((e) => e.extensions?.code);

describe('mutations through the gateway', () => {
  it('registers a learner, who then updates their profile', async () => {
    const email = `new-${randomUUID().slice(0, 8)}@example.com`;
    const registered = await system.query<{ registerUser: { id: string; email: string } }>(
      `mutation ($input: RegisterUserInput!) { registerUser(input: $input) { id displayName level } }`,
      { input: { displayName: 'Noor', email, nativeLanguage: 'ar', targetLanguage: 'fr' } },
    );
    expect(registered.errors).toBeUndefined();
    const id = registered.data!.registerUser.id;
    const updated = await system.query<{ updateProfile: { displayName: string; level: string; email: string } }>(
      `mutation { updateProfile(input: { displayName: "Noor A.", level: A2 }) { displayName level email } }`,
      undefined,
      { userId: id },
    );
    expect(updated.data!.updateProfile).toEqual({ displayName: 'Noor A.', level: 'A2', email });
    const again = await system.query(`mutation ($input: RegisterUserInput!) { registerUser(input: $input) { id } }`, {
      input: { displayName: 'Copy', email: email.toUpperCase(), nativeLanguage: 'en', targetLanguage: 'es' },
    });
    expect(codes(again)).toEqual(['BAD_USER_INPUT']);
    expect(again.errors![0]!.message).toMatch(/^email: /);
  });

  it('starts and completes a lesson, and refuses bad input without writing', async () => {
    const learner = { userId: `learner-${randomUUID().slice(0, 8)}` };
    const started = await system.query<{ startLesson: { status: string } }>(`mutation { startLesson(lessonId: "de-a2-01") { status lesson { title } } }`, undefined, learner);
    expect(started.data!.startLesson.status).toBe('IN_PROGRESS');

    for (const [mutation, field] of [
      [`mutation { completeLesson(lessonId: "de-a2-01", score: 101) { status } }`, /^score: /],
      [`mutation { completeLesson(lessonId: "xx-a1-99") { status } }`, /^lessonId: /],
      [`mutation { completeLesson(lessonId: "Not A Lesson!") { status } }`, /^lessonId: /],
    ] as const) {
      const refused = await system.query(mutation, undefined, learner);
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors![0]!.message).toMatch(field);
    }
    const unchanged = await system.query<{ progress: { lessonsCompleted: number } }>(`query ($id: ID!) { progress(userId: $id) { lessonsCompleted } }`, { id: learner.userId }, learner);
    expect(unchanged.data!.progress.lessonsCompleted).toBe(0);

    const completed = await system.query<{ completeLesson: { status: string; score: number } }>(`mutation { completeLesson(lessonId: "de-a2-01", score: 88) { status score } }`, undefined, learner);
    expect(completed.data!.completeLesson).toEqual({ status: 'COMPLETED', score: 88 });
  });

  it('reviews a word and marks a notification read', async () => {
    const learner = { userId: `learner-${randomUUID().slice(0, 8)}` };
    const review = await system.query<{ reviewWord: { box: number; word: { term: string } } }>(
      `mutation { reviewWord(wordId: "fr-a1-01-w01", correct: true) { box correct nextReviewAt word { term } } }`,
      undefined,
      learner,
    );
    expect(review.errors).toBeUndefined();
    expect(review.data!.reviewWord.box).toBe(2);

    await system.query(`mutation { completeLesson(lessonId: "fr-a1-01", score: 90) { status } }`, undefined, learner);
    const notifications = await waitFor('a notification', async () => {
      const r = await system.query<{ myNotifications: { id: string; kind: string }[] }>(`{ myNotifications { id kind } }`, undefined, learner);
      return r.data?.myNotifications.find((n) => n.kind === 'LESSON_COMPLETED') ? r.data.myNotifications : undefined;
    });
    const target = notifications.find((n) => n.kind === 'LESSON_COMPLETED')!;
    const other = await system.query(`mutation ($id: ID!) { markNotificationRead(id: $id) { readAt } }`, { id: target.id }, { userId: 'learner-ben' });
    expect(codes(other)).toEqual(['FORBIDDEN']);
    const read = await system.query<{ markNotificationRead: { readAt: string } }>(`mutation ($id: ID!) { markNotificationRead(id: $id) { readAt } }`, { id: target.id }, learner);
    expect(read.data!.markNotificationRead.readAt).toEqual(expect.any(String));
  });
});
