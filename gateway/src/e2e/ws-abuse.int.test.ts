import { waitFor } from '@puchi/kafka';
import WebSocket from 'ws';
import { startTestSystem, type TestSystem } from './system';
import type { RunningGateway } from '../server';
import { CLOSE_CODES } from '../subscriptions';

// WebSocket and HTTP abuse through a whole gateway behind one trusted proxy (TRUST_PROXY=1): connections per
// client IP, messages per connection, the HTTP rate limit's key, and what /api/services/status shows to whom.

let system: TestSystem;
let gateway: RunningGateway;
beforeAll(async () => {
  system = await startTestSystem();
  gateway = await system.startGateway({
    trustProxy: 1,
    rateLimit: { perMinute: 3, burst: 3 },
    subscriptions: { ...system.config.subscriptions, maxConnectionsPerIp: 3, maxMessagesPerSecond: 5, messageBurst: 10 },
  });
});
afterAll(() => system.close());

/** A graphql-transport-ws connection as if forwarded by our proxy for `client`: the upgrade's status and how it closed. */
function connect(client: string, forgedFirstEntry = '192.0.2.66') {
  const ws = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers: { 'x-forwarded-for': `${forgedFirstEntry}, ${client}` } });
  ws.on('error', () => undefined);
  const upgraded = new Promise<number>((resolve) => {
    ws.once('open', () => resolve(101));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return { ws, upgraded, closed };
}

describe('WebSocket limits per client', () => {
  it('refuses a 4th connection from one client with HTTP 429, whatever it forges in X-Forwarded-For, and not its neighbour', async () => {
    const open = ['192.0.2.1', '192.0.2.2', '192.0.2.3'].map((forged) => connect('203.0.113.10', forged));
    expect(await Promise.all(open.map((c) => c.upgraded))).toEqual([101, 101, 101]);
    expect(await connect('203.0.113.10', '192.0.2.4').upgraded).toBe(429);
    const neighbour = connect('203.0.113.11');
    expect(await neighbour.upgraded).toBe(101);
    for (const c of [...open, neighbour]) c.ws.close();
  });

  it('closes a connection that floods messages with 4430, and keeps serving others', async () => {
    const flooder = connect('203.0.113.20');
    await flooder.upgraded;
    flooder.ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    for (let i = 0; i < 50; i++) flooder.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await flooder.closed).toBe(CLOSE_CODES.tooManyMessages);

    const calm = connect('203.0.113.21');
    await calm.upgraded;
    const acked = new Promise((resolve) => calm.ws.on('message', (data) => JSON.parse(data.toString()).type === 'connection_ack' && resolve(true)));
    calm.ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    expect(await acked).toBe(true);
    calm.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { lessonPublished { id } }' } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(calm.ws.readyState).toBe(WebSocket.OPEN);
    calm.ws.close();
  });
});

describe('the HTTP rate limit behind a trusted proxy', () => {
  it('keys on the address the proxy saw, so forging the first X-Forwarded-For entry gets no fresh bucket', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}, 203.0.113.30` },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe('GET /api/services/status', () => {
  const status = async (token?: string) => {
    const res = await fetch(gateway.url.replace('/graphql', '/api/services/status'), { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return (await res.json()) as { services: { domain: string; instances: { host?: string; pid?: number }[]; consumerGroup: { members: { host?: string }[] } }[] };
  };

  it('shows hosts and pids to admins only', async () => {
    // The new gateway reads the last 15 s of heartbeats as it starts; wait until it has the lesson service's.
    const anyone = await waitFor('a lesson instance on the status page', async () => {
      const body = await status();
      return body.services.find((s) => s.domain === 'lesson')!.instances.length > 0 ? body : undefined;
    });
    const lesson = anyone.services.find((s) => s.domain === 'lesson')!;
    expect(lesson.instances.every((i) => i.host === undefined && i.pid === undefined)).toBe(true);
    expect(lesson.consumerGroup.members.every((m) => m.host === undefined)).toBe(true);
    const learner = await status(await system.token('learner-ana'));
    expect(learner.services.find((s) => s.domain === 'lesson')!.instances[0]!.host).toBeUndefined();

    const admin = await status(await system.token('admin-max', ['admin']));
    expect(admin.services.find((s) => s.domain === 'lesson')!.instances[0]).toMatchObject({ host: expect.any(String), pid: expect.any(Number) });
  });

  it('answers /api/health from one kept connection, call after call', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(gateway.url.replace('/graphql', '/api/health')).then((r) => r.status)));
    expect(answers).toEqual(Array(20).fill(200));
  });
});
