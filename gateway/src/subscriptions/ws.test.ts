import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@puchi/kafka';
import { loadSupergraphSdl } from '@puchi/schema';
import WebSocket from 'ws';
import { createAuthenticator, signDevToken } from '../auth';
import { clientIp } from '../client-ip';
import { loadConfig, type SubscriptionLimits } from '../config';
import { SUBGRAPH_MODULES } from '../modules';
import { buildSubgraphs } from '../supergraph';
import { Delivery } from './delivery';
import type { SubscriptionHub } from './hub';
import { SubscriptionPlanner } from './planner';
import { attachSubscriptionServer, CLOSE_CODES } from './ws';

// The WebSocket front alone, on a local port, without Kafka: a hub that opens empty feeds stands in for the real one.

const config = loadConfig({});
const planner = new SubscriptionPlanner(loadSupergraphSdl(), config.limits);
const subgraphs = buildSubgraphs(SUBGRAPH_MODULES);
let opened = 0;
const hub = {
  open: async () => {
    opened++;
    return new Delivery({ maxBuffered: 10, maxLagMs: 10_000 }, () => undefined, () => undefined);
  },
} as unknown as SubscriptionHub;

interface Front {
  url: string;
  close(): Promise<void>;
}

async function startFront(limits: Partial<SubscriptionLimits>, trustProxy = 0): Promise<Front> {
  const server = http.createServer();
  const ws = attachSubscriptionServer({
    server,
    planner,
    hub,
    auth: createAuthenticator(config.auth),
    subgraphs,
    limits: { ...config.subscriptions, ...limits },
    maxTokens: config.limits.maxTokens,
    production: false,
    clientIp: (req) => clientIp(req, trustProxy),
    logger: silentLogger,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      await ws.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

type Frame = { type: string; id?: string; payload?: unknown };

/** A raw graphql-transport-ws connection: the upgrade's outcome, its frames and how it closed. */
function connect(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, 'graphql-transport-ws', { headers });
  const frames: Frame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
  const upgraded = new Promise<number>((resolve) => {
    ws.once('open', () => resolve(101));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
  });
  ws.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const next = async (type: string): Promise<Frame> => {
    for (let i = 0; i < 100; i++) {
      const found = frames.findIndex((f) => f.type === type);
      if (found >= 0) return frames.splice(found, 1)[0]!;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${type} frame (got ${JSON.stringify(frames)})`);
  };
  const send = (frame: Frame) => ws.send(JSON.stringify(frame));
  return { ws, upgraded, closed, next, send };
}

async function initialized(url: string, token?: string) {
  const c = connect(url);
  expect(await c.upgraded).toBe(101);
  c.send({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} });
  await c.next('connection_ack');
  return c;
}

const PROGRESS = 'subscription ($u: ID!) { progressUpdated(userId: $u) { status lesson { title } } }';
const codeOf = (frame: Frame) => (frame.payload as { extensions?: { code?: string } }[])[0]?.extensions?.code;

describe('the subscription plan cache', () => {
  let front: Front;
  beforeAll(async () => (front = await startFront({})));
  afterAll(() => front.close());

  it('is filled only once a subscription is authorized', async () => {
    const before = planner.cachedPlans;
    const ana = await initialized(front.url, await signDevToken(config.auth, 'learner-ana', ['learner']));
    // Another learner's feed: refused by the field's authorize, so neither planned nor cached.
    ana.send({ id: 'spy', type: 'subscribe', payload: { query: PROGRESS, variables: { u: 'learner-ben' } } });
    expect(codeOf(await ana.next('error'))).toBe('FORBIDDEN');
    expect(planner.cachedPlans).toBe(before);

    // An anonymous connection asking for a user-only feed is closed with 4401, and caches nothing either.
    const anonymous = await initialized(front.url);
    anonymous.send({ id: 'anon', type: 'subscribe', payload: { query: `${PROGRESS} # another text`, variables: { u: 'learner-ana' } } });
    expect(await anonymous.closed).toBe(CLOSE_CODES.unauthorized);
    expect(planner.cachedPlans).toBe(before);

    // Her own feed is authorized: planned, cached, opened.
    const opens = opened;
    ana.send({ id: 'own', type: 'subscribe', payload: { query: PROGRESS, variables: { u: 'learner-ana' } } });
    // Polled for up to 5 s: a loaded machine (CI installing next to the tests) takes longer than a quiet one.
    for (let i = 0; i < 250 && opened === opens; i++) await new Promise((r) => setTimeout(r, 20));
    expect(opened).toBe(opens + 1);
    expect(planner.cachedPlans).toBe(before + 1);
    ana.ws.close();
  });
});

describe('connections per client IP', () => {
  it('refuses an upgrade over WS_MAX_CONNECTIONS_PER_IP with 429, and accepts again once one closes', async () => {
    const front = await startFront({ maxConnectionsPerIp: 2 });
    const first = connect(front.url);
    const second = connect(front.url);
    expect([await first.upgraded, await second.upgraded]).toEqual([101, 101]);
    expect(await connect(front.url).upgraded).toBe(429);
    first.ws.close();
    await first.closed;
    // The server sees the close a moment later: try again until it has (up to 5 s), never past a refusal's cause.
    let again = connect(front.url);
    for (let i = 0; i < 100 && (await again.upgraded) === 429; i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = connect(front.url);
    }
    expect(await again.upgraded).toBe(101);
    second.ws.close();
    again.ws.close();
    await front.close();
  });

  it('counts the address the trusted proxy saw, not the first X-Forwarded-For entry a client writes', async () => {
    const front = await startFront({ maxConnectionsPerIp: 1 }, 1);
    const a = connect(front.url, { 'x-forwarded-for': '198.51.100.1, 203.0.113.1' });
    expect(await a.upgraded).toBe(101);
    // Same client behind the proxy, a forged first entry: still 203.0.113.1.
    expect(await connect(front.url, { 'x-forwarded-for': '198.51.100.2, 203.0.113.1' }).upgraded).toBe(429);
    // Another client.
    const b = connect(front.url, { 'x-forwarded-for': '203.0.113.2' });
    expect(await b.upgraded).toBe(101);
    a.ws.close();
    b.ws.close();
    await front.close();
  });
});

describe('messages per connection', () => {
  it('closes a connection that sends over its rate with 4430', async () => {
    const front = await startFront({ maxMessagesPerSecond: 5, messageBurst: 10 });
    const c = await initialized(front.url);
    for (let i = 0; i < 30; i++) c.send({ type: 'ping' });
    expect(await c.closed).toBe(CLOSE_CODES.tooManyMessages);
    await front.close();
  });

  it('keeps a connection that stays within its burst and rate', async () => {
    const front = await startFront({ maxMessagesPerSecond: 5, messageBurst: 10 });
    const c = await initialized(front.url); // one message
    for (let i = 0; i < 9; i++) c.send({ type: 'ping' }); // the rest of the burst
    for (let i = 0; i < 9; i++) await c.next('pong');
    await new Promise((r) => setTimeout(r, 400)); // two tokens back
    c.send({ type: 'ping' });
    c.send({ type: 'ping' });
    await c.next('pong');
    await c.next('pong');
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
    await front.close();
  });

  it('counts WebSocket pings too', async () => {
    const front = await startFront({ maxMessagesPerSecond: 5, messageBurst: 10 });
    const c = await initialized(front.url);
    for (let i = 0; i < 30; i++) c.ws.ping();
    expect(await c.closed).toBe(CLOSE_CODES.tooManyMessages);
    await front.close();
  });
});
