import WebSocket from 'ws';
import { startTestSystem, type TestSystem } from './system';
import type { RunningGateway } from '../server';

let system: TestSystem;
let gateway: RunningGateway;
beforeAll(async () => {
  system = await startTestSystem();
  gateway = await system.startGateway({ subscriptions: { ...system.config.subscriptions, maxPerConnection: 2 } });
});
afterAll(() => system.close());

type Frame = Record<string, unknown>;

/** A raw graphql-transport-ws connection: what a hostile or broken client sends, frame by frame. */
async function open(): Promise<{ ws: WebSocket; frames: Frame[]; closed: Promise<{ code: number; reason: string }>; next(type: string): Promise<Frame> }> {
  const ws = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const frames: Frame[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
  await new Promise((resolve) => ws.once('open', resolve));
  const next = async (type: string) => {
    for (let i = 0; i < 100; i++) {
      const found = frames.find((f) => f.type === type);
      if (found) {
        frames.splice(frames.indexOf(found), 1);
        return found;
      }
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error(`no ${type} frame (got ${JSON.stringify(frames)})`);
  };
  return { ws, frames, closed, next };
}

async function initialized(token?: string) {
  const c = await open();
  c.ws.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} }));
  await c.next('connection_ack');
  return c;
}

const deep = `subscription { lessonPublished { course { lessons { course { lessons { course { lessons { course { lessons { course { lessons { id } } } } } } } } } } } }`;
const aliases = `subscription { lessonPublished { ${Array.from({ length: 20 }, (_, i) => `a${i}: id`).join(' ')} } }`;
const tokens = `subscription { lessonPublished { ${Array.from({ length: 1200 }, () => 'id').join(' ')} } }`;

describe('hostile and broken WebSocket input', () => {
  it.each([
    ['a frame that is not JSON', (ws: WebSocket) => ws.send('{not json'), 4400],
    ['an unknown message type', (ws: WebSocket) => ws.send(JSON.stringify({ type: 'hello' })), 4400],
    ['subscribe before connection_init', (ws: WebSocket) => ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { lessonPublished { id } }' } })), 4401],
    ['a connection_init whose payload is a string', (ws: WebSocket) => ws.send(JSON.stringify({ type: 'connection_init', payload: 'Bearer x' })), 4400],
    ['a connection_init with a forged token', (ws: WebSocket) => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer forged' } })), 4403],
    ['a connection_init whose token is a number', (ws: WebSocket) => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 42 } })), 4403],
    ['a frame over the 64 KiB limit', (ws: WebSocket) => ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(70_000) } })), 1009],
  ])('closes on %s', async (_name, send, code) => {
    const c = await open();
    send(c.ws);
    expect((await c.closed).code).toBe(code);
  });

  it('closes on a second connection_init with 4429', async () => {
    const c = await initialized();
    c.ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    expect((await c.closed).code).toBe(4429);
  });

  it('closes on a reused subscription id with 4409', async () => {
    const c = await initialized();
    const subscribe = JSON.stringify({ id: 'same', type: 'subscribe', payload: { query: 'subscription { lessonPublished { id } }' } });
    c.ws.send(subscribe);
    c.ws.send(subscribe);
    expect((await c.closed).code).toBe(4409);
  });

  it.each([
    ['a syntax error', '{ lessonPublished { id }', 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', 'subscription { lessonDeleted { id } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a query over the socket', '{ courses { id } }', 'BAD_USER_INPUT'],
    ['a query nested past the depth limit', deep, 'QUERY_TOO_DEEP'],
    ['an alias bomb', aliases, 'TOO_MANY_ALIASES'],
    ['a query past the token limit', tokens, 'TOO_MANY_TOKENS'],
  ])('answers %s with an error frame and keeps the connection', async (_name, query, code) => {
    const c = await initialized();
    c.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
    const error = await c.next('error');
    expect((error.payload as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe(code);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });

  it('refuses wrong variable types, a replay outside the window, and a third subscription on one connection', async () => {
    const analyst = await system.token('analyst-ida', ['analyst']);
    const c = await initialized(analyst);
    c.ws.send(JSON.stringify({ id: 'v', type: 'subscribe', payload: { query: 'subscription ($u: ID!) { progressUpdated(userId: $u) { kind } }', variables: { u: { not: 'an id' } } } }));
    expect(((await c.next('error')).payload as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    c.ws.send(JSON.stringify({ id: 'r', type: 'subscribe', payload: { query: 'subscription { events(topics: [USER], from: { timestamp: "2020-01-01T00:00:00Z" }) { id } }' } }));
    const replay = await c.next('next').catch(() => c.next('error'));
    const errors = (replay.payload as { errors?: { extensions?: { code?: string } }[] }).errors ?? (replay.payload as { extensions?: { code?: string } }[]);
    expect(errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    for (const id of ['s1', 's2']) c.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { lessonPublished { id } }' } }));
    await new Promise((r) => setTimeout(r, 300));
    c.ws.send(JSON.stringify({ id: 's3', type: 'subscribe', payload: { query: 'subscription { lessonPublished { id } }' } }));
    expect(((await c.next('error')).payload as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    c.ws.close();
  });

  it('is still healthy and serving afterwards', async () => {
    const health = await fetch(gateway.url.replace('/graphql', '/api/health'));
    expect(health.status).toBe(200);
    const c = await initialized();
    c.ws.send(JSON.stringify({ id: 'ok', type: 'subscribe', payload: { query: 'subscription { lessonPublished { id } }' } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(c.frames.filter((f) => f.type === 'error')).toEqual([]);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });
});
