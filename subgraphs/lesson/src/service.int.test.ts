import { eventTopic, RemoteError } from '@puchi/kafka';
import { openStore, replayDomain, startTestDomain, tempDbPath, type TestDomain } from '@puchi/subgraph-kit';
import { getCourses, getLessonById, getLessons } from './contracts';
import { SEED_LESSONS } from './seed';
import { lessonService } from './service';
import { lessonPage, MIGRATIONS } from './store';

let lesson: TestDomain;
beforeAll(async () => {
  lesson = await startTestDomain(lessonService);
});
afterAll(() => lesson.close());

const highWatermark = async () => {
  const admin = await lesson.bus.admin();
  const ends = await admin.boundaryOffsets(eventTopic('lesson'), 'high');
  await admin.disconnect();
  return ends.reduce((sum, p) => sum + Number(p.offset), 0);
};

describe('lesson service', () => {
  // The suite's broker is shared and keeps history: other suites publish lessons of their own, which this
  // store (a projection of lesson-events) also holds. Assert on the seed, not on totals.
  it('seeds the curriculum: 4 courses, 30 lessons in course order', async () => {
    const { courses } = await lesson.client.request(getCourses.route, {});
    expect(courses.map((c) => c.id)).toEqual(expect.arrayContaining(['de-a2', 'es-a1', 'fr-a1', 'ja-a1']));
    expect(courses.find((c) => c.id === 'es-a1')!.lessonIds).toHaveLength(8);
    const page = await lesson.client.request(getLessons.route, { first: 100 });
    expect(page.lessons.map((l) => l.id)).toEqual(expect.arrayContaining(SEED_LESSONS.map((l) => l.id)));
    const spanish = await lesson.client.request(getLessons.route, { first: 100, filter: { courseId: 'es-a1' } });
    expect(spanish.lessons.map((l) => l.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('pages with cursors and filters', async () => {
    const first = await lesson.client.request(getLessons.route, { first: 3, filter: { courseId: 'es-a1' } });
    expect(first.lessons.map((l) => l.title)).toEqual(['Greetings', 'Introducing Yourself', 'Numbers 1-20']);
    expect(first.hasNextPage).toBe(true);
    const next = await lesson.client.request(getLessons.route, { first: 10, after: first.cursors[2], filter: { courseId: 'es-a1' } });
    expect(next.lessons.map((l) => l.position)).toEqual([4, 5, 6, 7, 8]);
    expect(next.hasNextPage).toBe(false);
    const search = await lesson.client.request(getLessons.route, { first: 10, filter: { search: 'café' } });
    expect(search.lessons.map((l) => l.id)).toEqual(['es-a1-04']);
  });

  it('answers a batch in key order, with null for an unknown id', async () => {
    const { values } = await lesson.client.request(getLessonById.route, { keys: ['fr-a1-02', 'nope', 'es-a1-01'] });
    expect(values.map((v) => v?.title ?? null)).toEqual(['Who Are You?', null, 'Greetings']);
  });

  it.each([
    [{ first: 0 }, /^first: must be between 1 and 100/],
    [{ first: 5, after: 'bm90LWEtY3Vyc29y' }, /^after: is not a cursor/],
    [{ first: 5, filter: { level: 'Z9' } }, /^filter\.level: /],
  ])('refuses %j with BAD_USER_INPUT naming the field', async (payload, message) => {
    const error = await lesson.client.request(getLessons.route, payload as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).code).toBe('BAD_USER_INPUT');
    expect((error as RemoteError).remoteMessage).toMatch(message);
  });

  it('seeds once: a restart on the same store publishes nothing new and keeps the data', async () => {
    const before = await highWatermark();
    await lesson.restart();
    expect(await highWatermark()).toBe(before);
    const { values } = await lesson.client.request(getLessonById.route, { keys: ['ja-a1-08'] });
    expect(values[0]?.title).toBe('Shopping in Japan');
  });

  it('rebuilds an identical store by replaying lesson-events', async () => {
    const rebuilt = tempDbPath('lesson-replay');
    const result = await replayDomain(lessonService, lesson.bus, rebuilt);
    expect(result.events).toBeGreaterThanOrEqual(34);
    // Read the rebuilt file directly: a second service in the same group could answer for either store.
    const original = await lesson.client.request(getLessons.route, { first: 100 });
    const db = openStore(rebuilt, MIGRATIONS);
    try {
      expect(lessonPage(db, { first: 100 })).toEqual(original);
    } finally {
      db.close();
    }
  });
});
