import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createBus, createKafka, eventTopic, EventPublisher, RpcClient, silentLogger } from '@puchi/kafka';
import { startKafka, stopKafka, type LauncherConfig } from '@puchi/kafka/launcher';
import { topologyDeclaration } from '@puchi/domains';
import { ownBrokerConfig, testBrokerTopology } from '@puchi/kafka/testing';
import { getUserProfile } from '@puchi/subgraph-user';
import type { ChildMessage } from './lifecycle-child';
import { signDevToken } from '../auth';
import { loadConfig } from '../config';
import { collect, wsClient } from './ws-client';

// Issue 16: whatever a start opens, its close releases, so a process whose system has closed exits by itself,
// also when the broker is gone and every client is in its retry paths.

const REPO_ROOT = path.resolve(__dirname, '../../..');
const CHILD = path.join(__dirname, 'lifecycle-child.ts');
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
/** What the issue allows between `close()` resolving and the process exiting. */
const EXIT_WITHIN_MS = 10_000;

// A broker of its own: the last test stops it under a running system.
const broker: Partial<LauncherConfig> = ownBrokerConfig({ port: 29792, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-shutdown-')), heapMb: 384 });
let brokers: string;
const auth = loadConfig({}).auth;
/** Exit figures per case, printed at the end for the closing note. */
const figures: Record<string, { closeMs: number; exitMs: number }> = {};
/** Children still running: a failed test must not leave one behind (it would hold this process open). */
const children = new Set<ChildProcess>();

beforeAll(async () => {
  const status = await startKafka(broker);
  brokers = status.brokers.join(',');
  process.env.KAFKA_BROKERS = brokers;
  await testBrokerTopology(createKafka({ clientId: 'shutdown-setup', logger: silentLogger }), topologyDeclaration());
});
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
});
afterAll(async () => {
  console.log(`exit after close():\n${Object.entries(figures).map(([c, f]) => `  ${c}: close ${f.closeMs} ms, exit ${f.exitMs} ms after`).join('\n')}`);
  await stopKafka({ ...broker, graceMs: 10_000 });
  fs.rmSync(broker.dataDir!, { recursive: true, force: true });
});

interface Child {
  process: ChildProcess;
  ready: Extract<ChildMessage, { event: 'ready' }>;
  /** Asks the child to close; resolves when it has exited, with how long each step took. */
  close(): Promise<{ closeMs: number; exitMs: number; code: number | null; stillAlive?: string[] }>;
}

async function startChild(...args: string[]): Promise<Child> {
  const child = spawn(TSX, [CHILD, ...args], { cwd: REPO_ROOT, env: { ...process.env, KAFKA_BROKERS: brokers, LOG_LEVEL: 'error' }, stdio: ['pipe', 'pipe', 'inherit'] });
  const messages: ChildMessage[] = [];
  const waiters: (() => void)[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      messages.push(JSON.parse(line) as ChildMessage);
    } catch {
      return; // not ours
    }
    for (const w of waiters.splice(0)) w();
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => children.delete(child));
  const next = async <E extends ChildMessage['event']>(event: E): Promise<Extract<ChildMessage, { event: E }>> => {
    for (;;) {
      const found = messages.find((m) => m.event === event || m.event === 'failed');
      if (found?.event === 'failed') throw new Error(`child failed: ${found.error}`);
      if (found) return found as Extract<ChildMessage, { event: E }>;
      const code = await Promise.race([new Promise<void>((r) => waiters.push(r)).then(() => undefined), exited.then((c) => ({ code: c }))]);
      if (code) throw new Error(`child exited (${code.code}) before saying ${event}`);
    }
  };
  const ready = await next('ready');
  return {
    process: child,
    ready,
    async close() {
      child.stdin!.end('close\n');
      const { closeMs } = await next('closed');
      const closedAt = Date.now();
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), EXIT_WITHIN_MS).unref());
      const result = await Promise.race([exited, timeout]);
      const exitMs = Date.now() - closedAt;
      if (result === 'timeout') {
        const alive = messages.find((m) => m.event === 'still-alive');
        child.kill('SIGKILL');
        await exited;
        return { closeMs, exitMs, code: null, stillAlive: alive?.event === 'still-alive' ? alive.resources : ['(no report)'] };
      }
      return { closeMs, exitMs, code: result };
    },
  };
}

/** A query and a live subscription through a gateway child: a new learner follows their progress and starts lessons. */
async function serveQueryAndSubscription(url: string) {
  const post = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: T; errors?: unknown[] };
  };
  const registered = await post<{ registerUser: { id: string } }>('mutation ($input: RegisterUserInput!) { registerUser(input: $input) { id } }', {
    input: { displayName: 'Shut Down', email: `shutdown-${randomUUID().slice(0, 8)}@example.com`, nativeLanguage: 'en', targetLanguage: 'es' },
  });
  const userId = registered.data!.registerUser.id;
  const token = await signDevToken(auth, userId, ['learner']);
  const client = wsClient(url, token);
  const feed = collect<{ progressUpdated: { status: string } }>(client, 'subscription ($u: ID!) { progressUpdated(userId: $u) { status lesson { title } } }', { u: userId });
  const lessons = await post<{ lessons: { edges: { node: { id: string } }[] } }>('{ lessons(first: 20) { edges { node { id } } } }');
  expect(lessons.errors).toBeUndefined();
  // The feed's consumer starts asynchronously: start lessons, each one new, until one reaches the subscriber.
  for (const { node } of lessons.data!.lessons.edges) {
    if (feed.results.length > 0) break;
    await post('mutation ($id: ID!) { startLesson(lessonId: $id) { status } }', { id: node.id }, token);
    await new Promise((r) => setTimeout(r, 1000));
  }
  expect(feed.results[0]?.data?.progressUpdated.status).toBe('IN_PROGRESS');
  return { client, feed };
}

describe('a process whose system has closed', () => {
  it('exits by itself: the whole system after serving a query and a live subscription', async () => {
    const child = await startChild('system');
    const { client } = await serveQueryAndSubscription(child.ready.url!);
    const result = await child.close();
    figures['whole system'] = result;
    expect(result).toMatchObject({ code: 0 });
    // Shutdown completed the live subscription and closed its socket as "going away".
    expect((await client.closedWith).code).toBe(1001);
  });

  it('exits by itself: one domain service after answering a request', async () => {
    const child = await startChild('service', 'user');
    const bus = createBus({ clientId: 'shutdown-caller', logger: silentLogger });
    const rpc = new RpcClient({ bus, staleReplyTopicGraceMs: 0, defaultTimeoutMs: 15_000 });
    await rpc.start();
    const reply = await rpc.request<{ values: ({ id: string } | null)[] }>(getUserProfile.topic, { keys: ['learner-ana'] });
    await rpc.close();
    expect(reply.values[0]?.id).toBe('learner-ana');
    const result = await child.close();
    figures['user service'] = result;
    expect(result).toMatchObject({ code: 0 });
  });

  it('exits by itself: the gateway alone after a query and a subscription', async () => {
    const child = await startChild('gateway');
    const url = child.ready.url!;
    // An admin: the test events are declared by no domain, so an analyst would see their payloads empty.
    const token = await signDevToken(auth, 'admin-max', ['admin']);
    // No service runs: the query is answered with a typed error for the missing domain.
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ lessons(first: 1) { edges { node { title } } } }' }) });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    // Health and status open the gateway's one admin connection, kept for its lifetime: close() must release it.
    expect((await fetch(url.replace('/graphql', '/api/health'))).status).toBe(200);
    expect((await fetch(url.replace('/graphql', '/api/services/status'))).status).toBe(200);
    const marker = `shutdown-${Date.now()}`;
    const client = wsClient(url, token);
    const feed = collect(client, 'subscription ($m: ID!) { events(topics: [MEDIA], filter: { userId: $m }) { type } }', { m: marker });
    const publisher = new EventPublisher({ bus: createBus({ clientId: 'shutdown-publisher', logger: silentLogger }), source: 'media-service' });
    await publisher.start();
    const deadline = Date.now() + 30_000;
    while (feed.results.length === 0 && Date.now() < deadline) {
      await publisher.publish(eventTopic('media'), { type: 'test.ping', subject: marker, payload: { userId: marker } });
      await new Promise((r) => setTimeout(r, 500));
    }
    await publisher.close();
    expect(feed.results.length).toBeGreaterThan(0);
    const result = await child.close();
    figures['gateway alone'] = result;
    expect(result).toMatchObject({ code: 0 });
    expect((await client.closedWith).code).toBe(1001);
  });

  it('exits by itself: the whole system closed while the broker is down', async () => {
    const child = await startChild('system');
    await serveQueryAndSubscription(child.ready.url!);
    await stopKafka({ ...broker, graceMs: 10_000 });
    // Let every client meet the dead broker and enter its retry and reconnect paths before closing.
    await new Promise((r) => setTimeout(r, 3000));
    const result = await child.close();
    figures['whole system, broker down'] = result;
    expect(result).toMatchObject({ code: 0 });
  });
});
