import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getLessons } from '@puchi/subgraph-lesson';
import { eventTopic, waitFor, type IncomingRecord, type MessageBus, type PartitionOffset } from '@puchi/kafka';
import { startTestSystem, type TestSystem } from './system';
import { sha256 } from '../limits';
import { httpCases, poisonValues, type HttpCase } from './bad-input.cases';

jest.setTimeout(120_000);

let system: TestSystem;
let base: string;
let snapshotBefore: unknown;
const counts: Record<string, number> = {};
const count = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1);

const ana = { userId: 'learner-ana' };
const analyst = { userId: 'analyst-ida', roles: ['analyst'] };
/** What the suite must not change: a learner's progress and notifications, and the analytics totals. */
async function snapshot(): Promise<unknown> {
  const mine = await system.query('{ me { progress { lessonsStarted lessonsCompleted lessons { lesson { id } status score } } } myNotifications(first: 100) { id readAt } unreadNotificationCount }', undefined, ana);
  const totals = await system.query('{ analyticsTotals { registeredUsers lessonsCompleted quizzesPassed } }', undefined, analyst);
  expect(mine.errors).toBeUndefined();
  expect(totals.errors).toBeUndefined();
  return { mine: mine.data, totals: totals.data };
}

async function expectHealthy(): Promise<void> {
  const health = await fetch(`${base}/api/health`);
  expect(health.status).toBe(200);
  const normal = await system.query<{ lesson: { title: string } }>('{ lesson(id: "es-a1-01") { title } }');
  expect(normal.data?.lesson.title).toBe('Greetings');
}

/** Sends a case as raw bytes (fetch adds no content-type to bytes), a stream for chunked bodies. */
async function send(c: HttpCase, url = `${base}${c.path ?? '/graphql'}`): Promise<{ status: number; body: { errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined; headers: Headers }> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries({ 'content-type': 'application/json', ...c.headers })) if (value !== null) headers[key] = value;
  const method = c.method ?? 'POST';
  let body: Buffer | ReadableStream | undefined;
  let extra: Record<string, unknown> = {};
  if (typeof c.body === 'string') body = Buffer.from(c.body);
  else if (Buffer.isBuffer(c.body)) body = c.body;
  else if (c.body) {
    let left = c.body.stream;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    body = new ReadableStream({
      pull(controller) {
        if (left <= 0) return controller.close();
        controller.enqueue(chunk.subarray(0, Math.min(chunk.length, left)));
        left -= chunk.length;
      },
    });
    extra = { duplex: 'half' };
  }
  const res = await fetch(`${url}${c.search ?? ''}`, { method, headers, body, ...extra } as RequestInit);
  const text = await res.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

beforeAll(async () => {
  // What the public meets: production mode (masked errors, no stack traces). The suite sends hundreds of
  // requests from one address, so rate limiting is tested on a gateway of its own below.
  system = await startTestSystem({ config: { production: true, introspection: false, rateLimit: { perMinute: 1_000_000, burst: 1_000_000 } } });
  base = system.gateway.url.replace('/graphql', '');
  await expectHealthy();
  snapshotBefore = await snapshot();
});

afterAll(async () => {
  await system?.close();
});

const limits = { maxDepth: 10, maxRootFields: 20, maxAliases: 15, maxTokens: 1000, maxDirectives: 50, maxBodyBytes: 2 * 1024 * 1024 };
const cases = httpCases(limits);
let rssBefore = 0;
let rssPeak = 0;

describe('bad input over HTTP: each case gets its rejection and leaves the gateway healthy', () => {
  beforeAll(() => {
    rssBefore = process.memoryUsage().rss;
  });

  it.each(cases.map((c) => [`${c.kind}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    const { status, body } = await send(c);
    const codes = body?.errors?.map((e) => e.extensions?.code) ?? [];
    expect({ status, code: codes[0] ?? 'NONE' }).toEqual(c.expect);
    // No internals: no stack traces, no file paths, no exception class names.
    for (const error of body?.errors ?? []) {
      expect(error.extensions?.stacktrace).toBeUndefined();
      expect(error.message).not.toMatch(/\/work\/|node_modules|at \w+ \(|TypeError|RangeError|SQLITE/);
    }
    await expectHealthy();
    count(c.kind);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  });

  it('keeps the gateway RSS within 300 MB of where it started', () => {
    const grown = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    console.log(`bad-input: RSS ${Math.round(rssBefore / 1024 / 1024)} MB before, peak ${Math.round(rssPeak / 1024 / 1024)} MB, ${Math.round(grown)} MB grown after ${cases.length} HTTP cases`);
    expect(grown).toBeLessThan(300);
  });
});

/** Records of `topic` from `from` on (per partition) whose key is `key`. */
async function recordsWithKey(bus: MessageBus, topic: string, from: PartitionOffset[], key: string, atLeast: number): Promise<IncomingRecord[]> {
  const consumer = bus.consumer({ groupId: `bad-input-reader-${randomUUID()}`, commit: false, maxWaitTimeMs: 20 });
  const seen: IncomingRecord[] = [];
  consumer.onAssignment((assignment) => {
    for (const partition of assignment[topic] ?? []) consumer.seek(topic, partition, from.find((p) => p.partition === partition)?.offset ?? '0');
  });
  await consumer.connect();
  try {
    await consumer.subscribe([topic], false);
    await consumer.run({ partitionsConcurrently: 3, onBatch: async (batch) => void seen.push(...batch.records.filter((r) => r.key === key)) });
    await waitFor(`${atLeast} records keyed ${key} on ${topic}`, () => seen.length >= atLeast, 20_000);
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

async function ends(topic: string): Promise<PartitionOffset[]> {
  const admin = await system.bus.admin();
  try {
    return await admin.boundaryOffsets(topic, 'high');
  } finally {
    await admin.disconnect();
  }
}

describe('poison messages on Kafka topics', () => {
  const poison = poisonValues();

  it.each(poison.map((p) => [p.name, p] as const))('request topic get-lessons: %s; the service keeps answering, undecodable records land in get-lessons.DLT', async (_name, p) => {
    const topic = getLessons.topic;
    const from = await ends(`${topic}.DLT`);
    const key = `poison-${randomUUID()}`;
    const producer = system.bus.producer();
    await producer.connect();
    await producer.send([{ topic, key, value: p.value }]);
    await producer.disconnect();
    let decodable = false;
    try {
      JSON.parse(Buffer.isBuffer(p.value) ? p.value.toString('utf8') : (p.value ?? ''));
      decodable = true;
    } catch {
      decodable = false;
    }
    // Valid JSON of the wrong shape fails the contract (BAD_USER_INPUT); with no reply topic nobody hears it.
    if (!decodable) {
      const dead = await recordsWithKey(system.bus, `${topic}.DLT`, from, key, 1);
      expect(dead[0]!.headers['x-dlt-reason']).toBe('undecodable');
    }
    await expectHealthy();
    count('poison-request-topic');
  });

  it.each(poison.map((p) => [p.name, p] as const))('event topic quiz-events: %s; consumers dead-letter it to quiz-events.DLT and keep working', async (_name, p) => {
    const topic = eventTopic('quiz');
    const from = await ends(`${topic}.DLT`);
    const key = `poison-${randomUUID()}`;
    const producer = system.bus.producer();
    await producer.connect();
    await producer.send([{ topic, key, value: p.value }]);
    await producer.disconnect();
    // Every consumer of quiz-events (the quiz store's projection, progress, notification, analytics) refuses it.
    const dead = await recordsWithKey(system.bus, `${topic}.DLT`, from, key, 1);
    expect(dead.every((d) => d.headers['x-dlt-reason'] === 'undecodable')).toBe(true);
    await expectHealthy();
    const quiz = await system.query<{ lesson: { quiz: { title: string } } }>('{ lesson(id: "es-a1-02") { quiz { title } } }');
    expect(quiz.errors).toBeUndefined();
    count('poison-event-topic');
  });
});

describe('production mode, rate limiting, persisted operations, batching', () => {
  it('production: no introspection, no Sandbox, no suggestions, no stack traces, CSRF prevention on', async () => {
    const prod = await system.startGateway({ production: true, introspection: false, port: 0 });
    const url = prod.url;
    const post = (query: string) => send({ kind: 'http-protocol', name: 'prod', body: JSON.stringify({ query }), expect: { status: 0, code: '' } }, url);
    const introspection = await post('{ __schema { types { name } } }');
    expect(introspection.status).toBe(400);
    expect(introspection.body?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await post('{ lesons { totalCount } }');
    expect(typo.body?.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(typo.body?.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const landing = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await landing.text()).not.toMatch(/sandbox/i);
    const csrf = await fetch(`${url}?query=${encodeURIComponent('{ courses { id } }')}`);
    expect(csrf.status).toBe(400);
    expect(((await csrf.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/Cross-Site Request Forgery/);
    const deep = await post('{ __typename ' + 'a: __typename '.repeat(16) + '}');
    expect(deep.body?.errors?.[0]?.extensions).toEqual({ code: 'TOO_MANY_ALIASES' });
    const domain = await post('{ me { id } progress(userId: "learner-ana") { lessonsStarted } }');
    expect(domain.body?.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    count('production-mode');
  });

  it('rate limits per user and per IP with 429 RATE_LIMITED, Retry-After and retryAfterSeconds', async () => {
    const limited = await system.startGateway({ rateLimit: { perMinute: 60, burst: 3 }, port: 0 });
    const post = async (token?: string) =>
      fetch(limited.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query: '{ courses { id } }' }) });
    for (let i = 0; i < 3; i++) expect((await post()).status).toBe(200);
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    // A signed-in user has a bucket of their own.
    expect((await post(await system.token('learner-ben'))).status).toBe(200);
    count('rate-limit');
  });

  it('automatic persisted queries: hash only is PERSISTED_QUERY_NOT_FOUND, then registered, then hash only works', async () => {
    const query = `{ lesson(id: "es-a1-03") { title } } # ${randomUUID()}`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const expected = (await system.query(query)).data;
    expect(expected).toEqual({ lesson: { title: expect.any(String) } });
    const post = (body: unknown) => fetch(system.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] } }));
    expect((await post({ extensions })).body.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post({ query, extensions })).body.data).toEqual(expected);
    expect((await post({ extensions })).body.data).toEqual(expected);
    const get = await fetch(`${system.gateway.url}?extensions=${encodeURIComponent(JSON.stringify(extensions))}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await get.json()).toMatchObject({ data: expected });
    expect((await post({ query: '{ courses { id } }', extensions })).body.errors?.[0]?.extensions.code).toBe('BAD_REQUEST'); // hash does not match
    count('persisted-queries');
  });

  it('allow-list mode runs registered operations only (OPERATION_NOT_ALLOWED otherwise) and learns nothing', async () => {
    const listed = '{ lesson(id: "es-a1-01") { title } }';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-ops-'));
    const file = path.join(dir, 'operations.json');
    fs.writeFileSync(file, JSON.stringify({ [sha256(listed)]: listed }));
    const gateway = await system.startGateway({ persistedOperations: { file, allowListOnly: true, apq: true }, port: 0 });
    const post = (body: unknown) => fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] } }));
    expect((await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(listed) } } })).body.data).toEqual({ lesson: { title: 'Greetings' } });
    expect((await post({ query: listed })).body.data).toEqual({ lesson: { title: 'Greetings' } });
    const other = '{ courses { id } }';
    const refused = await post({ query: other });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions.code).toBe('OPERATION_NOT_ALLOWED');
    const registering = await post({ query: other, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(other) } } });
    expect(registering.body.errors?.[0]?.extensions.code).toBe('OPERATION_NOT_ALLOWED');
    expect((await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(other) } } })).body.errors?.[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    fs.rmSync(dir, { recursive: true });
    count('allow-list');
  });

  it('batching when enabled: a batch runs, a batch over MAX_BATCH_SIZE is BATCH_TOO_LARGE', async () => {
    const gateway = await system.startGateway({ limits: { ...system.config.limits, batching: true, maxBatchSize: 3 }, port: 0 });
    const post = (n: number) => fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Array(n).fill({ query: '{ lesson(id: "es-a1-01") { title } }' })) });
    const ok = await post(3);
    expect(((await ok.json()) as unknown[]).length).toBe(3);
    const big = await post(4);
    expect(big.status).toBe(400);
    expect(((await big.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BATCH_TOO_LARGE');
    count('batching-enabled');
  });
});

describe('after everything', () => {
  it('changed no data and reports the cases by kind', async () => {
    expect(await snapshot()).toEqual(snapshotBefore);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`bad-input: ${total} cases by kind ${JSON.stringify(counts, null, 1)}`);
    expect(total).toBeGreaterThanOrEqual(200);
  });
});
