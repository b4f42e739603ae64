import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@puchi/kafka';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { createAuthenticator, signDevToken } from '../auth';
import { loadConfig } from '../config';
import { attachSubscriptionServer } from './ws';

// The WebSocket front alone, without Kafka: only the connection's authentication runs, so nothing else is needed.

const config = loadConfig({});
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const server = http.createServer();
  const ws = attachSubscriptionServer({
    server,
    planner: {} as never,
    hub: {} as never,
    subgraphs: {} as never,
    auth: createAuthenticator(config.auth),
    limits: config.subscriptions,
    maxTokens: config.limits.maxTokens,
    production: false,
    clientIp: () => '127.0.0.1',
    logger: silentLogger,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  close = async () => {
    await ws.close();
    await new Promise((resolve) => server.close(resolve));
  };
});
afterAll(() => close());

/** Sends `connection_init` with `token`; resolves how the server answered and, later, how it closed. */
async function connectWith(token: string) {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })));
  const acked = new Promise<boolean>((resolve) => {
    ws.once('message', (data) => resolve((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack'));
    ws.once('close', () => resolve(false));
  });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  return { ws, acked: await acked, closed };
}

const signed = (exp: number) =>
  new SignJWT({ roles: ['learner'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u-1').setIssuer(config.auth.issuer).setAudience(config.auth.audience).setExpirationTime(exp).sign(new TextEncoder().encode(config.auth.secret));

describe('a WebSocket connection and its token', () => {
  // exp 4 s ahead: room for signing and connecting on a loaded machine before the token runs out.
  it('closes with 4403 when the token expires, not before', async () => {
    const exp = Math.floor(Date.now() / 1000) + 4;
    const c = await connectWith(await signed(exp));
    expect(c.acked).toBe(true);
    expect(await c.closed).toEqual({ code: 4403, reason: 'Forbidden: the token has expired', at: expect.any(Number) });
    expect((await c.closed).at).toBeGreaterThanOrEqual(exp * 1000);
  }, 15_000);

  it('refuses with 4403 a token already past its exp, though the clock tolerance still accepts it over HTTP', async () => {
    const c = await connectWith(await signed(Math.floor(Date.now() / 1000) - 5));
    expect(c.acked).toBe(false);
    expect((await c.closed).code).toBe(4403);
  });

  it('keeps a connection whose token has time left', async () => {
    const c = await connectWith(await signDevToken(config.auth, 'u-2', ['learner'], '1h'));
    expect(c.acked).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close(1000);
    expect((await c.closed).code).toBe(1000);
  });
});
