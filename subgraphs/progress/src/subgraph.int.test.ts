import { buildSubgraphSchema } from '@apollo/subgraph';
import type { Identity } from '@puchi/kafka';
import { graphql } from 'graphql';
import { progressDomain } from './index';
import { admin, learner, startProgressHarness, type ProgressHarness } from './testing';

const schema = buildSubgraphSchema([{ typeDefs: progressDomain.subgraph().typeDefs, resolvers: progressDomain.subgraph().resolvers }]);

let h: ProgressHarness;
beforeAll(async () => {
  h = await startProgressHarness();
});
afterAll(() => h.close());

const run = async (source: string, identity?: Identity) => {
  const contextValue = h.progress.context(identity);
  const result = await graphql({ schema, source, contextValue });
  return { ...result, requestCounts: contextValue.requestCounts };
};

const lessonsProgress = `{ _entities(representations: [
  { __typename: "Lesson", id: "es-a1-01" }, { __typename: "Lesson", id: "es-a1-02" }, { __typename: "Lesson", id: "es-a1-03" }
]) { ... on Lesson { id progress { lesson { id } status score startedAt completedAt } } } }`;

describe('progress subgraph', () => {
  it("gives the signed-in learner's progress per lesson in one request, NOT_STARTED where none", async () => {
    const me = learner();
    const started = await run('mutation { startLesson(lessonId: "es-a1-02") { status lesson { id } } }', me);
    expect(started.data?.startLesson).toEqual({ status: 'IN_PROGRESS', lesson: { id: 'es-a1-02' } });
    const done = await run('mutation { completeLesson(lessonId: "es-a1-03", score: 100) { status score } }', me);
    expect(done.data?.completeLesson).toEqual({ status: 'COMPLETED', score: 100 });

    const result = await run(lessonsProgress, me);
    expect(result.errors).toBeUndefined();
    const lessons = result.data!._entities as { id: string; progress: { status: string; lesson: { id: string } } }[];
    expect(lessons.map((l) => l.progress.status)).toEqual(['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED']);
    expect(lessons[0]!.progress.lesson).toEqual({ id: 'es-a1-01' });
    expect(result.requestCounts.get('get-lesson-progress')).toBe(1);
  });

  it('gives null lesson progress to anonymous requests without asking the service', async () => {
    const result = await run(lessonsProgress);
    expect((result.data!._entities as { progress: unknown }[]).map((l) => l.progress)).toEqual([null, null, null]);
    expect(result.requestCounts.size).toBe(0);
  });

  it("reads a learner's progress through Query.progress and User.progress", async () => {
    const result = await run(
      `{ progress(userId: "learner-ana") { user { id } lessonsCompleted longestStreakDays lessons { lesson { id } status } }
         _entities(representations: [{ __typename: "User", id: "learner-ben" }]) { ... on User { progress { lessonsCompleted } } } }`,
      admin,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.progress).toMatchObject({ user: { id: 'learner-ana' }, lessonsCompleted: 4, longestStreakDays: 4 });
    expect((result.data!.progress as { lessons: unknown[] }).lessons[0]).toEqual({ lesson: { id: 'es-a1-05' }, status: 'IN_PROGRESS' });
    expect(result.data!._entities).toEqual([{ progress: { lessonsCompleted: 2 } }]);
  });

  it("refuses another learner's progress with FORBIDDEN and anonymous writes with UNAUTHENTICATED", async () => {
    const forbidden = await run('{ progress(userId: "learner-ana") { lessonsCompleted } }', learner());
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(forbidden.requestCounts.size).toBe(0);
    const anonymous = await run('mutation { startLesson(lessonId: "es-a1-01") { status } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('passes the service refusal through with its code and field', async () => {
    const result = await run('mutation { completeLesson(lessonId: "es-a1-01", score: 120) { status } }', learner());
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toBe('score: must be between 0 and 100');
  });
});
