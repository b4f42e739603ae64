import { randomUUID } from 'node:crypto';
import { eventTopic, EventPublisher, silentLogger, waitFor } from '@puchi/kafka';
import { decodeJwt } from 'jose';
import WebSocket from 'ws';
import { signDevToken } from '../auth';
import { startTestSystem, type TestSystem } from './system';
import { SUBGRAPH_MODULES } from '../modules';
import { startGateway, type RunningGateway } from '../server';
import { collect, wsClient } from './ws-client';

let system: TestSystem;
let second: RunningGateway;
const clients: ReturnType<typeof wsClient>[] = [];
const connect = (token?: string, url = system.gateway.url) => {
  const client = wsClient(url, token);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  system = await startTestSystem();
  second = await startGateway({ modules: SUBGRAPH_MODULES, config: system.config, bus: system.bus, logger: silentLogger });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await second.close();
  await system.close();
});

/** A registered learner (so `user { displayName }` resolves) with a token. */
async function newLearner(): Promise<{ userId: string; token: string }> {
  const result = await system.query<{ registerUser: { id: string } }>(`mutation ($input: RegisterUserInput!) { registerUser(input: $input) { id } }`, {
    input: { displayName: 'Sub Scriber', email: `sub-${randomUUID().slice(0, 8)}@example.com`, nativeLanguage: 'en', targetLanguage: 'es' },
  });
  const userId = result.data!.registerUser.id;
  return { userId, token: await system.token(userId) };
}

const PROGRESS = `subscription ($userId: ID!) { progressUpdated(userId: $userId) { kind status score lesson { title course { title } } user { displayName } } }`;

describe('subscriptions over graphql-ws', () => {
  it('delivers a mutation’s event with fields of other subgraphs, on two gateway instances', async () => {
    const learner = await newLearner();
    const here = collect<{ progressUpdated: { kind: string; lesson: { title: string }; user: { displayName: string } } }>(connect(learner.token), PROGRESS, { userId: learner.userId });
    const there = collect<typeof here extends { results: (infer R)[] } ? R : never>(connect(learner.token, second.url), PROGRESS, { userId: learner.userId });
    await waitFor('both gateways to follow progress-events', () => system.gateway.subscriptions.feeds.topics.includes('progress-events') && second.subscriptions.feeds.topics.includes('progress-events'));

    await system.query('mutation { completeLesson(lessonId: "es-a1-06", score: 92) { status } }', undefined, { userId: learner.userId });
    await waitFor('the completion on both', () => here.results.some((r) => r.data?.progressUpdated.kind === 'LESSON_COMPLETED') && there.results.length >= 2);
    const completed = here.results.find((r) => r.data?.progressUpdated.kind === 'LESSON_COMPLETED')!;
    expect(completed.errors).toBeUndefined();
    expect(completed.data).toEqual({
      progressUpdated: { kind: 'LESSON_COMPLETED', status: 'COMPLETED', score: 92, lesson: { title: 'Days and Times', course: { title: 'Spanish for Beginners' } }, user: { displayName: 'Sub Scriber' } },
    });
    expect(there.results.map((r) => r.data)).toEqual(here.results.map((r) => r.data));
  });

  it('filters on the server: the feed delivers exactly the matching events', async () => {
    const analyst = await system.token('analyst-ida', ['analyst']);
    const a = await newLearner();
    const b = await newLearner();
    const groups = system.gateway.subscriptions.hub.groupCount;
    const feed = collect<{ events: { type: string; user: { id: string } | null; lesson: { id: string } | null } }>(
      connect(analyst),
      `subscription ($userId: ID!) { events(topics: [PROGRESS], filter: { userId: $userId, types: ["progress.lesson-completed"] }) { type user { id } lesson { id } offset } }`,
      { userId: a.userId },
    );
    await waitFor('the feed', () => system.gateway.subscriptions.hub.groupCount > groups);
    for (const [who, lesson] of [[a, 'fr-a1-01'], [b, 'fr-a1-02'], [a, 'fr-a1-03']] as const) {
      await system.query(`mutation { completeLesson(lessonId: "${lesson}") { status } }`, undefined, { userId: who.userId });
    }
    await system.query('mutation { startLesson(lessonId: "fr-a1-04") { status } }', undefined, { userId: a.userId });
    await waitFor('two completions of a', () => feed.results.length >= 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(feed.results.map((r) => [r.data?.events.type, r.data?.events.user?.id, r.data?.events.lesson?.id])).toEqual([
      ['progress.lesson-completed', a.userId, 'fr-a1-01'],
      ['progress.lesson-completed', a.userId, 'fr-a1-03'],
    ]);
  });

  it('shows an analyst payloads as their domain declares (user.registered: email masked) and an admin the raw payload', async () => {
    const query = 'subscription { events(topics: [USER], filter: { types: ["user.registered"] }) { type payload user { id } } }';
    type Registered = { events: { type: string; payload: { userId?: string; email?: string; displayName?: string }; user: { id: string } | null } };
    const groups = system.gateway.subscriptions.hub.groupCount;
    const analyst = collect<Registered>(connect(await system.token('analyst-ida', ['analyst'])), query);
    const admin = collect<Registered>(connect(await system.token('admin-max', ['admin'])), query);
    await waitFor('both feeds', () => system.gateway.subscriptions.hub.groupCount >= groups + 2);

    const email = `ana.${randomUUID().slice(0, 8)}@example.com`;
    const registered = await system.query<{ registerUser: { id: string } }>(`mutation ($input: RegisterUserInput!) { registerUser(input: $input) { id } }`, {
      input: { displayName: 'Masked Ana', email, nativeLanguage: 'pt', targetLanguage: 'es' },
    });
    const userId = registered.data!.registerUser.id;
    const mine = (feed: typeof analyst) => feed.results.find((r) => r.data?.events.payload.userId === userId)?.data?.events;
    await waitFor('the registration at both', () => !!mine(analyst) && !!mine(admin));
    expect(mine(analyst)).toEqual({ type: 'user.registered', payload: expect.objectContaining({ userId, displayName: 'Masked Ana', email: 'a***@example.com' }), user: { id: userId } });
    expect(mine(admin)!.payload.email).toBe(email);
  });

  it('replays from a timestamp, then continues live with no gap or duplicate', async () => {
    const analyst = await system.token('analyst-ida', ['analyst']);
    const learner = await newLearner();
    const since = new Date(Date.now() - 1000).toISOString();
    for (const lesson of ['ja-a1-01', 'ja-a1-02', 'ja-a1-03']) {
      await system.query(`mutation { completeLesson(lessonId: "${lesson}") { status } }`, undefined, { userId: learner.userId });
    }
    const feed = collect<{ events: { id: string; lesson: { id: string } } }>(
      connect(analyst),
      `subscription ($userId: ID!, $since: DateTime!) { events(topics: [PROGRESS], filter: { userId: $userId, types: ["progress.lesson-completed"] }, from: { timestamp: $since }) { id lesson { id } } }`,
      { userId: learner.userId, since },
    );
    await waitFor('the history', () => feed.results.length >= 3);
    await system.query('mutation { completeLesson(lessonId: "ja-a1-04") { status } }', undefined, { userId: learner.userId });
    await waitFor('the live event', () => feed.results.length >= 4);
    await new Promise((r) => setTimeout(r, 500));
    const lessons = feed.results.map((r) => r.data!.events.lesson.id);
    expect(lessons).toEqual(['ja-a1-01', 'ja-a1-02', 'ja-a1-03', 'ja-a1-04']);
    expect(new Set(feed.results.map((r) => r.data!.events.id)).size).toBe(4);
  });

  it('replays from offsets: from the given event of a partition on', async () => {
    const analyst = await system.token('analyst-ida', ['analyst']);
    const learner = await newLearner();
    const since = new Date(Date.now() - 1000).toISOString();
    for (const lesson of ['de-a2-03', 'de-a2-04', 'de-a2-05']) {
      await system.query(`mutation { completeLesson(lessonId: "${lesson}") { status } }`, undefined, { userId: learner.userId });
    }
    const select = '{ id partition offset lesson { id } }';
    const history = collect<{ events: { id: string; partition: number; offset: string; lesson: { id: string } } }>(
      connect(analyst),
      `subscription ($u: ID!, $since: DateTime!) { events(topics: [PROGRESS], filter: { userId: $u, types: ["progress.lesson-completed"] }, from: { timestamp: $since }) ${select} }`,
      { u: learner.userId, since },
    );
    await waitFor('the three completions', () => history.results.length >= 3);
    const second = history.results[1]!.data!.events;
    const fromOffsets = collect<{ events: { lesson: { id: string } } }>(
      connect(analyst),
      `subscription ($u: ID!, $p: Int!, $o: String!) { events(topics: [PROGRESS], filter: { userId: $u, types: ["progress.lesson-completed"] }, from: { offsets: [{ topic: PROGRESS, partition: $p, offset: $o }] }) ${select} }`,
      { u: learner.userId, p: second.partition, o: second.offset },
    );
    await waitFor('the replay from the second', () => fromOffsets.results.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(fromOffsets.results.map((r) => r.data!.events.lesson.id)).toEqual(['de-a2-04', 'de-a2-05']);
  });

  it('refuses: a bad token closes with 4403, an anonymous user-only subscription with 4401, another learner’s progress is FORBIDDEN', async () => {
    const forged = connect('not-a-token');
    collect(forged, '{ __typename }');
    expect((await forged.closedWith).code).toBe(4403);

    const anonymous = connect();
    const refused = collect(anonymous, 'subscription { notificationReceived { id } }');
    expect((await anonymous.closedWith).code).toBe(4401);
    await refused.done;

    const learner = await newLearner();
    const spying = collect(connect(learner.token), PROGRESS, { userId: 'learner-ana' });
    await spying.done;
    expect((spying.error as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('FORBIDDEN');

    const analytics = collect(connect(learner.token), 'subscription { events(topics: [USER]) { id } }');
    await analytics.done;
    expect((analytics.error as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('closes a connection with 4403 when its token expires, and releases its subscriptions', async () => {
    const learner = await newLearner();
    const token = await signDevToken(system.config.auth, learner.userId, ['learner'], '5s');
    const expiresAt = decodeJwt(token).exp! * 1000;
    const hub = system.gateway.subscriptions.hub;
    const before = hub.subscriberCount;
    const client = connect(token);
    const sub = collect(client, PROGRESS, { userId: learner.userId });
    await waitFor('the subscription', () => hub.subscriberCount === before + 1);
    expect(await Promise.race([client.closedWith, new Promise((r) => setTimeout(() => r('open'), Math.max(0, expiresAt - Date.now() - 500)))])).toBe('open');

    expect(await client.closedWith).toEqual({ code: 4403, reason: 'Forbidden: the token has expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    await sub.done;
    await waitFor('the subscriber released', () => hub.subscriberCount === before);
    // The expired token opens no new connection, though the clock tolerance would still accept it over HTTP.
    expect((await connect(token).closedWith).code).toBe(4403);
  });

  it('closes a subscriber that falls behind with 1008, without delaying the others', async () => {
    const gateway = await system.startGateway({ subscriptions: { ...system.config.subscriptions, maxLagMs: 2000 } });
    // An admin: analysts see an undeclared type's payload empty, and these test events are declared by no domain.
    const admin = await system.token('admin-max', ['admin']);
    const marker = `noise-${randomUUID().slice(0, 8)}`;
    const query = 'subscription ($marker: ID!) { events(topics: [MEDIA], filter: { userId: $marker }) { id payload } }';

    // The slow subscriber speaks the protocol by hand, then stops reading its socket.
    const slow = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => slow.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    await new Promise((resolve) => slow.once('open', resolve));
    const acked = new Promise((resolve) => slow.once('message', resolve));
    slow.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${admin}` } }));
    await acked;
    const groups = gateway.subscriptions.hub.groupCount;
    slow.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { marker } } }));
    await waitFor('the slow subscription', () => gateway.subscriptions.hub.groupCount > groups);
    const fast = collect<{ events: { id: string } }>(connect(admin, gateway.url), query, { marker });
    await new Promise((r) => setTimeout(r, 300));
    (slow as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();


    const publisher = new EventPublisher({ bus: system.bus, source: 'media-service' });
    await publisher.start();
    const count = 300;
    // 30 MB in all: more than the kernel's socket buffers absorb (a few MB each way on loopback).
    const blob = 'x'.repeat(100_000);
    await Promise.all(Array.from({ length: count }, (_, i) => publisher.publish(eventTopic('media'), { type: 'test.noise', subject: marker, payload: { userId: marker, i, blob } })));
    await publisher.close();

    await waitFor('every event at the fast subscriber', () => fast.results.length >= count, 40_000).catch((e: unknown) => {
      throw new Error(`${String(e)}; fast got ${fast.results.length}, error ${JSON.stringify(fast.error)}`);
    });
    expect(fast.results.map((r) => (r.data!.events as unknown as { payload: { i: number } }).payload.i)).toEqual(Array.from({ length: count }, (_, i) => i));
    // The gateway cuts the slow one off once its oldest result waited 2 s; only then let it read again.
    await waitFor('the slow subscriber cut off', () => gateway.subscriptions.hub.subscriberCount === 1, 15_000);
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    const { code, reason } = await closed;
    expect(code).toBe(1008);
    expect(reason).toMatch(/too slow/);
  });

  it('executes each event once for subscribers of the same operation, variables and caller', async () => {
    const learner = await newLearner();
    const hub = system.gateway.subscriptions.hub;
    const groups = hub.groupCount;
    const subscribers = [1, 2, 3].map(() => collect<{ progressUpdated: { kind: string } }>(connect(learner.token), PROGRESS, { userId: learner.userId }));
    await waitFor('one shared group', () => hub.subscriberCount >= 3 && hub.groupCount === groups + 1);
    const before = hub.executions;
    await system.query('mutation { startLesson(lessonId: "de-a2-02") { status } }', undefined, { userId: learner.userId });
    await waitFor('the start at all three', () => subscribers.every((s) => s.results.length === 1));
    expect(hub.executions - before).toBe(1);
  });

  it('completes its subscribers when the gateway shuts down', async () => {
    const gateway = await system.startGateway({});
    const learner = await newLearner();
    const client = connect(learner.token, gateway.url);
    const sub = collect(client, PROGRESS, { userId: learner.userId });
    await waitFor('the subscription', () => gateway.subscriptions.hub.subscriberCount === 1);
    await gateway.close();
    expect((await client.closedWith).code).toBe(1001);
    await sub.done;
  });
});
