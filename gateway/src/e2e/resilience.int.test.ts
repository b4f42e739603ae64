import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { startTestSystem, type TestSystem } from './system';

let system: TestSystem;
beforeAll(async () => {
  // No entity cache: what a stopped service would answer must come from the service, not from the gateway's cache.
  system = await startTestSystem({ requestTimeoutMs: 1500, config: { sharedReads: { singleFlight: true } } });
});
afterAll(() => system.close());

const learner = { userId: `learner-${randomUUID().slice(0, 8)}` };
// Lesson.quiz is nullable, so a failing quiz service leaves the rest of the lesson in place.
const lessonQuery = '{ lesson(id: "es-a1-02") { title quiz { title } } }';

describe('services stopping, restarting and losing their store', () => {
  it('reports health and every service up', async () => {
    const health = await fetch(system.gateway.url.replace('/graphql', '/api/health'));
    expect(health.status).toBe(200);
    const status = (await (await fetch(system.gateway.url.replace('/graphql', '/api/services/status'))).json()) as {
      services: { domain: string; status: string; consumerGroup: { state: string; members: unknown[] } }[];
    };
    expect(status.services.map((s) => [s.domain, s.status])).toEqual(expect.arrayContaining([['vocabulary', 'up'], ['lesson', 'up']]));
    expect(status.services.find((s) => s.domain === 'lesson')!.consumerGroup.members.length).toBeGreaterThanOrEqual(1);
  });

  it('gives the rest of the data and a typed error, within the deadline, when a service is down', async () => {
    const before = await system.query<{ lesson: { quiz: { title: string } } }>(lessonQuery);
    await system.stopService('quiz');
    const started = Date.now();
    const result = await system.query<{ lesson: { title: string; quiz: unknown } | null }>(lessonQuery);
    const elapsed = Date.now() - started;
    expect(result.data?.lesson?.title).toBe('Introducing Yourself');
    expect(['SERVICE_UNAVAILABLE', 'SERVICE_TIMEOUT']).toContain(result.errors?.[0]?.extensions?.code);
    expect(result.data?.lesson?.quiz).toBeNull();
    expect(result.errors?.[0]?.path).toEqual(['lesson', 'quiz']);
    expect(elapsed).toBeLessThan(1500 + 1000);

    await system.startService('quiz');
    const after = await system.query<{ lesson: { quiz: { title: string } } }>(lessonQuery);
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(before.data);
  });

  it('rebuilds a deleted store from its event topic and answers identically', async () => {
    await system.query('mutation { completeLesson(lessonId: "es-a1-05", score: 70) { status } }', undefined, learner);
    const query = 'query ($id: ID!) { progress(userId: $id) { lessonsStarted lessonsCompleted longestStreakDays lessons { lesson { id } status score startedAt completedAt } } }';
    const before = await system.query<{ progress: { lessonsCompleted: number } }>(query, { id: learner.userId }, learner);
    expect(before.errors).toBeUndefined();
    expect(before.data!.progress.lessonsCompleted).toBe(1);

    await system.stopService('progress');
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(system.dbPaths.progress + suffix, { force: true });
    await system.startService('progress');
    expect(await system.query(query, { id: learner.userId }, learner)).toEqual(before);
  });
});
