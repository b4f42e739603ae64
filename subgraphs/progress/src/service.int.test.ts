import { eventTopic, waitFor, type Identity } from '@puchi/kafka';
import { replayDomain, startTestDomain, tempDbPath } from '@puchi/subgraph-kit';
import { completeLesson, getLessonProgress, getUserProgress, startLesson } from './contracts';
import { progressService } from './service';
import { admin, learner, refusal, startProgressHarness, type ProgressHarness } from './testing';

let h: ProgressHarness;
beforeAll(async () => {
  h = await startProgressHarness();
});
afterAll(() => h.close());

const as = (identity: Identity | undefined) => h.progress.as(identity);
const start = (identity: Identity | undefined, lessonId: string) => h.progress.client.request(startLesson.route, { lessonId }, as(identity));
const complete = (identity: Identity | undefined, lessonId: string, score?: number | null) =>
  h.progress.client.request(completeLesson.route, { lessonId, score }, as(identity));
const userProgress = (identity: Identity | undefined, keys: string[]) => h.progress.client.request(getUserProgress.route, { keys }, as(identity));
const eventsOf = (userId: string, type: string) => h.published.filter((e) => e.subject === userId && e.type === type);

const highWatermark = async () => {
  const admin = await h.progress.bus.admin();
  const ends = await admin.boundaryOffsets(eventTopic('progress'), 'high');
  await admin.disconnect();
  return ends.reduce((sum, p) => sum + Number(p.offset), 0);
};

describe('progress service', () => {
  it('seeds ana, ben and chen', async () => {
    const { values } = await userProgress(admin, ['learner-ana', 'learner-ben', 'learner-chen']);
    const [ana, ben, chen] = values;
    expect(ana).toMatchObject({ lessonsStarted: 5, lessonsCompleted: 4, longestStreakDays: 4, currentStreakDays: 0 });
    expect(ana!.lessons.map((l) => `${l.lessonId}:${l.status}`)).toEqual(['es-a1-05:IN_PROGRESS', 'es-a1-04:COMPLETED', 'es-a1-03:COMPLETED', 'es-a1-02:COMPLETED', 'es-a1-01:COMPLETED']);
    expect(ben).toMatchObject({ lessonsStarted: 2, lessonsCompleted: 2, longestStreakDays: 2 });
    expect(chen!.lessons).toEqual([{ lessonId: 'ja-a1-01', status: 'IN_PROGRESS', score: null, startedAt: '2026-11-20T08:30:00.000Z', completedAt: null }]);
  });

  it('starts a lesson once: starting again keeps the first start and publishes nothing', async () => {
    const me = learner();
    const first = await start(me, 'es-a1-01');
    expect(first).toMatchObject({ lessonId: 'es-a1-01', status: 'IN_PROGRESS', score: null, completedAt: null });
    const again = await start(me, 'es-a1-01');
    expect(again.startedAt).toBe(first.startedAt);
    await waitFor('lesson-started', () => eventsOf(me.userId, 'progress.lesson-started').length > 0);
    expect(eventsOf(me.userId, 'progress.lesson-started')).toHaveLength(1);
  });

  it('completes (auto-starting), extends the streak once a day and keeps the best score', async () => {
    const me = learner();
    const done = await complete(me, 'fr-a1-03', 80);
    expect(done).toMatchObject({ lessonId: 'fr-a1-03', status: 'COMPLETED', score: 80 });
    expect(done.startedAt).toBe(done.completedAt);
    expect((await complete(me, 'fr-a1-03', 60)).score).toBe(80);
    expect((await complete(me, 'fr-a1-03', 95)).score).toBe(95);
    expect((await complete(me, 'fr-a1-04')).score).toBeNull();

    await waitFor('four completions', () => eventsOf(me.userId, 'progress.lesson-completed').length === 4);
    expect(eventsOf(me.userId, 'progress.lesson-completed').map((e) => (e.payload as { firstCompletion: boolean }).firstCompletion)).toEqual([true, false, false, true]);
    expect(eventsOf(me.userId, 'progress.streak-extended').map((e) => e.payload)).toEqual([
      { userId: me.userId, streakDays: 1, date: done.completedAt!.slice(0, 10) },
    ]);
    const { values } = await userProgress(me, [me.userId]);
    expect(values[0]).toMatchObject({ lessonsStarted: 2, lessonsCompleted: 2, currentStreakDays: 1, longestStreakDays: 1 });
    expect(values[0]!.lessons.map((l) => l.lessonId)).toEqual(['fr-a1-04', 'fr-a1-03']);
  });

  it('answers lesson progress in key order, null when never started', async () => {
    const me = learner();
    await start(me, 'ja-a1-02');
    const { values } = await h.progress.client.request(getLessonProgress.route, { keys: [{ userId: me.userId, lessonId: 'ja-a1-03' }, { userId: me.userId, lessonId: 'ja-a1-02' }] }, as(me));
    expect(values.map((v) => v?.status ?? null)).toEqual([null, 'IN_PROGRESS']);
  });

  it.each([
    ['start', () => start(learner(), 'xx-a1-99'), 'lessonId: no lesson "xx-a1-99"'],
    ['complete', () => complete(learner(), 'xx-a1-99', 50), 'lessonId: no lesson "xx-a1-99"'],
    ['complete', () => complete(learner(), 'es-a1-01', 101), 'score: must be between 0 and 100'],
    ['complete', () => complete(learner(), 'es-a1-01', -1), 'score: must be between 0 and 100'],
    ['start', () => start(learner(), 'Not A Slug'), /^lessonId: must be a lowercase slug/],
  ])('%s refuses bad input with BAD_USER_INPUT naming the field', async (_what, call, message) => {
    const error = await refusal(call());
    expect(error?.code).toBe('BAD_USER_INPUT');
    expect(error?.remoteMessage).toMatch(message);
  });

  it('writes nothing for a refused write', async () => {
    const me = learner();
    await refusal(complete(me, 'es-a1-02', 500));
    const { values } = await userProgress(me, [me.userId]);
    expect(values[0]).toMatchObject({ lessonsStarted: 0, lessons: [] });
    expect(h.published.filter((e) => e.subject === me.userId)).toEqual([]);
  });

  it("refuses another learner's progress (even one key of a batch) unless the caller is an admin", async () => {
    const [me, other] = [learner(), learner()];
    await start(other, 'es-a1-06');
    expect((await refusal(userProgress(me, [me.userId, other.userId])))?.code).toBe('FORBIDDEN');
    const lessonKeys = { keys: [{ userId: other.userId, lessonId: 'es-a1-06' }] };
    expect((await refusal(h.progress.client.request(getLessonProgress.route, lessonKeys, as(me))))?.code).toBe('FORBIDDEN');
    expect((await refusal(userProgress({ userId: 'ana-analyst', roles: ['analyst'] }, [other.userId])))?.code).toBe('FORBIDDEN');
    const { values } = await h.progress.client.request(getLessonProgress.route, lessonKeys, as(admin));
    expect(values[0]?.status).toBe('IN_PROGRESS');
  });

  it('refuses anonymous reads and writes with UNAUTHENTICATED', async () => {
    expect((await refusal(userProgress(undefined, ['learner-ana'])))?.code).toBe('UNAUTHENTICATED');
    expect((await refusal(start(undefined, 'es-a1-01')))?.code).toBe('UNAUTHENTICATED');
    expect((await refusal(complete(undefined, 'es-a1-01', 90)))?.code).toBe('UNAUTHENTICATED');
  });

  it('seeds once: a restart on the same store publishes nothing new and keeps the data', async () => {
    const before = await highWatermark();
    await h.progress.restart();
    expect(await highWatermark()).toBe(before);
    const { values } = await userProgress(admin, ['learner-ben']);
    expect(values[0]?.lessonsCompleted).toBe(2);
  });

  it('rebuilds an identical store by replaying progress-events', async () => {
    const me = learner();
    await complete(me, 'de-a2-01', 70);
    await start(me, 'de-a2-02');
    const keys = ['learner-ana', 'learner-ben', 'learner-chen', me.userId];
    const original = await userProgress(admin, keys);
    const rebuilt = tempDbPath('progress-replay');
    await replayDomain(progressService, h.progress.bus, rebuilt);
    const replayed = await startTestDomain(progressService, rebuilt);
    try {
      expect(await replayed.client.request(getUserProgress.route, { keys }, as(admin))).toEqual(original);
      // The catalog is rebuilt from progress's own events too: a known lesson is still known.
      expect(await replayed.client.request(startLesson.route, { lessonId: 'de-a2-03' }, as(me))).toMatchObject({ status: 'IN_PROGRESS' });
    } finally {
      await replayed.close();
    }
  });
});
