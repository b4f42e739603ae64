import { randomUUID } from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createBus, envelope, RemoteError, silentLogger, waitFor, type Identity } from '@puchi/kafka';
import { replayDomain, startTestDomain, tempDbPath, type Call, type TestDomain } from '@puchi/subgraph-kit';
import { graphql } from 'graphql';
import { coursePublished, lessonCompleted, lessonPublished, lessonStarted, quizGraded, startCausePublisher, userRegistered, type CausePublisher } from './causes.testing';
import { getActiveLearners, getAnalyticsTotals, getLessonCompletionRates, type AnalyticsTotalsRecord } from './contracts';
import { analyticsDomain } from './index';
import { analyticsReactions } from './reactions';
import { analyticsService } from './service';

// Topics are shared by every suite and keep their history: everything here is unique to this run, and totals
// are compared as deltas.
const run = randomUUID().slice(0, 8);
const analyst: Identity = { userId: `analyst-${run}`, roles: ['analyst'] };
const admin: Identity = { userId: `admin-${run}`, roles: ['admin', 'learner'] };
const learner: Identity = { userId: `learner-${run}`, roles: ['learner'] };
const [a, b, c] = ['a', 'b', 'c'].map((x) => `learner-${run}-${x}`) as [string, string, string];
const course = `an-${run}`;
const [l1, l2, l3] = [1, 2, 3].map((i) => `${course}-0${i}`) as [string, string, string];
// Days of their own for this run, somewhere in 2031-2039.
const DAY_MS = 86_400_000;
const base = Date.UTC(2031, 0, 1) + Math.floor(Math.random() * 3000) * DAY_MS;
const day = (n: number) => new Date(base + n * DAY_MS).toISOString().slice(0, 10);
const at = (n: number, time = '12:00:00.000Z') => `${day(n)}T${time}`;
const range = { from: day(0), to: day(6) };

let analytics: TestDomain;
let causes: CausePublisher;
beforeAll(async () => {
  // The store starts from analytics-events' history, as a new production instance would, so the replay at the
  // end must reproduce it exactly (totals included).
  const dbPath = tempDbPath('analytics');
  await replayDomain(analyticsService, createBus({ clientId: 'test-analytics-bootstrap', logger: silentLogger }), dbPath);
  analytics = await startTestDomain(analyticsService, dbPath);
  causes = await startCausePublisher(analytics.bus);
});
afterAll(async () => {
  await causes.close();
  await analytics.close();
});

/** `null`: an anonymous request (no identity token). */
const ask = <Req, Rep>(call: Call<Req, Rep>, payload: Req, identity: Identity | null = analyst) =>
  analytics.client.request(call.route, payload, analytics.as(identity ?? undefined));
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
};
const rates = async (courseId: string | null = course) => (await ask(getLessonCompletionRates, { courseId, first: 500 })).rates;
const activeDays = async () => (await ask(getActiveLearners, range)).days.map((d) => d.activeLearners);
const minus = (x: AnalyticsTotalsRecord, y: AnalyticsTotalsRecord) => ({
  registeredUsers: x.registeredUsers - y.registeredUsers,
  lessonsCompleted: x.lessonsCompleted - y.lessonsCompleted,
  quizzesPassed: x.quizzesPassed - y.quizzesPassed,
});

describe('analytics service', () => {
  let totalsBefore: AnalyticsTotalsRecord;
  let daysBefore: number[];

  beforeAll(async () => {
    totalsBefore = await ask(getAnalyticsTotals, {});
    daysBefore = await activeDays();
    await causes.publish('lesson', coursePublished(course));
    for (const [i, lesson] of [l1, l2, l3].entries()) await causes.publish('lesson', lessonPublished(lesson, course, i + 1));

    const registration = userRegistered(a, at(1, '23:59:59.000Z'));
    const registrationId = await causes.publish('user', registration);
    await causes.publish('user', userRegistered(b, at(1, '00:00:00.000Z')));
    await causes.publish('user', userRegistered(c, at(1)));
    await causes.publish('user', { ...registration, id: registrationId }); // redelivered
    await causes.publish('user', userRegistered(a, at(4))); // a second registration of a: activity, not a new user

    const start = lessonStarted(a, l1, at(2));
    const startId = await causes.publish('progress', start);
    await causes.publish('progress', { ...start, id: startId }); // redelivered
    await causes.publish('progress', lessonStarted(b, l1, at(2)));
    await causes.publish('progress', lessonStarted(c, l1, at(2)));
    await causes.publish('progress', lessonStarted(a, l2, at(2)));
    await causes.publish('progress', lessonCompleted(a, l1, at(3)));
    await causes.publish('progress', lessonCompleted(b, l1, at(3)));
    await causes.publish('progress', lessonCompleted(a, l1, at(3), false)); // completed again: activity only
    await causes.publish('progress', lessonStarted(a, l1, at(5))); // a starts l1 again: still one learner

    const pass = quizGraded(a, l1, at(3), true);
    const passId = await causes.publish('quiz', pass);
    await causes.publish('quiz', { ...pass, id: passId }); // redelivered
    await causes.publish('quiz', quizGraded(b, l1, at(3), false));
    await causes.publish('quiz', quizGraded(a, l1, at(6), false));

    // Each topic's last event is a's, on a's partition after the redeliveries: once days 4-6 show activity,
    // the redeliveries were handled too. The rest may sit on other partitions, so wait for at least all of it.
    await waitFor(
      'every cause to be reflected',
      async () => {
        const [days, lessons, totals] = [await activeDays(), await rates(), minus(await ask(getAnalyticsTotals, {}), totalsBefore)];
        const grown = days.map((n, i) => n - daysBefore[i]!);
        return (
          grown[1]! >= 3 && grown[2]! >= 3 && grown[3]! >= 2 && grown[4]! >= 1 && grown[5]! >= 1 && grown[6]! >= 1 &&
          lessons.length === 3 && lessons.find((r) => r.lessonId === l1)?.learnersCompleted === 2 &&
          totals.registeredUsers >= 3 && totals.lessonsCompleted >= 2 && totals.quizzesPassed >= 1
        );
      },
      30_000,
    );
  });

  it('reports completion rates per lesson of a course, lowest first, learners counted once', async () => {
    expect(await rates()).toEqual([
      { lessonId: l2, learnersStarted: 1, learnersCompleted: 0, completionRate: 0 },
      { lessonId: l3, learnersStarted: 0, learnersCompleted: 0, completionRate: 0 },
      { lessonId: l1, learnersStarted: 3, learnersCompleted: 2, completionRate: 2 / 3 },
    ]);
    expect((await ask(getLessonCompletionRates, { courseId: course, first: 1 })).rates.map((r) => r.lessonId)).toEqual([l2]);
    expect((await rates(null)).map((r) => r.lessonId)).toEqual(expect.arrayContaining([l1, l2, l3]));
  });

  it('reports active learners for every day of the range, zeros included', async () => {
    const days = (await ask(getActiveLearners, range)).days;
    expect(days.map((d) => d.date)).toEqual([0, 1, 2, 3, 4, 5, 6].map(day));
    expect(days.map((d, i) => d.activeLearners - daysBefore[i]!)).toEqual([0, 3, 3, 2, 1, 1, 1]);
    const year = await ask(getActiveLearners, { from: '2024-01-01', to: '2025-01-01' });
    expect(year.days).toHaveLength(367);
  });

  it('counts registrations, first completions and passed quizzes once each, redeliveries and invalid events aside', async () => {
    expect(minus(await ask(getAnalyticsTotals, {}), totalsBefore)).toEqual({ registeredUsers: 3, lessonsCompleted: 2, quizzesPassed: 1 });
    // Invalid causes are refused by the reactions (their subscriptions dead-letter them). Handed over directly: on
    // the shared topics they would stop the user and progress stores, which never skip an event.
    const reactions = analyticsReactions(analytics.service.runtime);
    const invalid: [string, { type: string; subject: string; payload: unknown }][] = [
      ['user', { type: 'user.registered', subject: a, payload: { userId: `${a}-broken` } }],
      ['progress', { type: 'progress.lesson-started', subject: a, payload: { userId: a, lessonId: l3 } }],
    ];
    for (const [from, event] of invalid) {
      const reaction = reactions.find((r) => r.from === from)!;
      await expect(Promise.resolve().then(() => reaction.handle(envelope(event, `${from}-service`), { topic: `${from}-events`, partition: 0, offset: '0', headers: {}, attempt: 1 }))).rejects.toThrow();
    }
    expect(minus(await ask(getAnalyticsTotals, {}), totalsBefore)).toEqual({ registeredUsers: 3, lessonsCompleted: 2, quizzesPassed: 1 });
  });

  it('answers analysts and admins only: a learner gets FORBIDDEN, an anonymous caller UNAUTHENTICATED', async () => {
    const sends = [
      (identity: Identity | null) => ask(getLessonCompletionRates, { first: 5 }, identity),
      (identity: Identity | null) => ask(getActiveLearners, range, identity),
      (identity: Identity | null) => ask(getAnalyticsTotals, {}, identity),
    ];
    for (const send of sends) {
      expect((await failure(send(learner))).code).toBe('FORBIDDEN');
      expect((await failure(send(null))).code).toBe('UNAUTHENTICATED');
      await expect(send(analyst)).resolves.toBeDefined();
      await expect(send(admin)).resolves.toBeDefined();
    }
  });

  const send: Record<string, (payload: never) => Promise<unknown>> = {
    rates: (payload) => ask(getLessonCompletionRates, payload),
    days: (payload) => ask(getActiveLearners, payload),
  };
  it.each([
    ['rates', { first: 0 }, /^first: must be between 1 and 500/],
    ['rates', { first: 501 }, /^first: must be between 1 and 500/],
    ['rates', { first: 5, courseId: 'Not A Slug' }, /^courseId: must be a lowercase slug/],
    ['rates', { first: 5, courseId: `nope-${run}` }, /^courseId: no course "nope-/],
    ['days', { from: '2026-02-30', to: '2026-03-01' }, /^from: must be a calendar day/],
    ['days', { from: '2026-03-01', to: 'tomorrow' }, /^to: must be a calendar day/],
    ['days', { from: '2026-03-02', to: '2026-03-01' }, /^to: must not be before from/],
    ['days', { from: '2024-01-01', to: '2025-01-02' }, /^to: must be at most 366 days after from/],
  ])('refuses %s %j with BAD_USER_INPUT naming the field', async (call, payload, message) => {
    const error = await failure(send[call]!(payload as never));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.remoteMessage).toMatch(message);
  });

  it('serves the GraphQL fields with the role checked before any Kafka request', async () => {
    const schema = buildSubgraphSchema([{ typeDefs: analyticsDomain.subgraph().typeDefs, resolvers: analyticsDomain.subgraph().resolvers }]);
    const source = `query ($courseId: ID) {
      lessonCompletionRates(courseId: $courseId, first: 2) { lesson { id } learnersStarted learnersCompleted completionRate }
      activeLearnersPerDay(from: "${day(2)}", to: "${day(3)}") { date activeLearners }
      analyticsTotals { registeredUsers }
    }`;
    const query = (identity?: Identity) => {
      const contextValue = analytics.context(identity);
      return graphql({ schema, source, variableValues: { courseId: course }, contextValue }).then((result) => ({ result, contextValue }));
    };
    const { result } = await query(analyst);
    expect(result.errors).toBeUndefined();
    expect(result.data?.lessonCompletionRates).toEqual([
      { lesson: { id: l2 }, learnersStarted: 1, learnersCompleted: 0, completionRate: 0 },
      { lesson: { id: l3 }, learnersStarted: 0, learnersCompleted: 0, completionRate: 0 },
    ]);
    expect((result.data?.activeLearnersPerDay as { date: string }[]).map((d) => d.date)).toEqual([day(2), day(3)]);
    for (const [identity, code] of [[learner, 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED']] as const) {
      const denied = await query(identity);
      expect(denied.result.data).toBeNull();
      expect(denied.result.errors?.length).toBeGreaterThan(0);
      expect(new Set(denied.result.errors?.map((e) => e.extensions.code))).toEqual(new Set([code]));
      expect(denied.contextValue.requestCounts.size).toBe(0);
    }
  });

  it('keeps its answers across a restart', async () => {
    const before = [await rates(), await activeDays(), await ask(getAnalyticsTotals, {})];
    await analytics.restart();
    expect([await rates(), await activeDays(), await ask(getAnalyticsTotals, {})]).toEqual(before);
  });

  it('rebuilds an identical store by replaying analytics-events', async () => {
    const answers = (domain: TestDomain) =>
      Promise.all([
        domain.client.request(getLessonCompletionRates.route, { courseId: course, first: 500 }, domain.as(analyst)),
        domain.client.request(getLessonCompletionRates.route, { first: 500 }, domain.as(analyst)),
        domain.client.request(getActiveLearners.route, range, domain.as(analyst)),
        domain.client.request(getAnalyticsTotals.route, {}, domain.as(analyst)),
      ]);
    const rebuilt = tempDbPath('analytics-replay');
    const result = await replayDomain(analyticsService, analytics.bus, rebuilt);
    // This run alone recorded 26 events (4 registrations, 11 learner-days, 5 starts, 2 completions, 1 pass, 3 lessons).
    expect(result.events).toBeGreaterThanOrEqual(26);
    const original = await answers(analytics);
    const replayed = await startTestDomain(analyticsService, rebuilt);
    try {
      expect(await answers(replayed)).toEqual(original);
    } finally {
      await replayed.close();
    }
  });
});
