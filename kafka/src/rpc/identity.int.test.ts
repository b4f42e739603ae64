import { newTraceparent, type CallContext, type Identity } from '../context/context';
import { DEV_IDENTITY_SECRET, devDomainKeys, IdentitySigner, IdentityVerifier, identitySecret, traceIdOf } from '../context/identity-token';
import { uniqueName } from '../testing/names';
import { createTestTopics, testBus } from '../transport/testing';
import { RpcClient } from './client';
import { Responder, type RequestContext } from './responder';
import { route } from './route';

jest.setTimeout(30_000);

/**
 * Kafka is not a trust boundary: anyone who can produce to a request topic can set any header. A responder
 * believes only an identity a gateway key signed for its own domain, this request's trace and deadline.
 */
const bus = testBus();
const topic = uniqueName('identity-test');
const replyTopicPrefix = uniqueName('identity-test');
const whoami = route<Record<string, never>, { identity: RequestContext['identity'] | null }>(topic);
const DOMAIN = 'user';
const gateway = new IdentitySigner(DEV_IDENTITY_SECRET);
const ana: Identity = { userId: 'learner-ana', roles: ['learner'] };
let client: RpcClient;
let responder: Responder;
let dropTopics: () => Promise<void>;

beforeAll(async () => {
  dropTopics = await createTestTopics(bus, [{ name: topic, partitions: 1 }]);
  responder = new Responder({
    bus,
    groupId: uniqueName('identity-test-group'),
    replyTopicPrefixes: [replyTopicPrefix],
    identity: { verifier: new IdentityVerifier({ keys: devDomainKeys(DOMAIN) }), audience: DOMAIN },
  }).handle(whoami, (_payload, ctx) => ({ identity: ctx.identity ?? null }));
  client = new RpcClient({ bus, replyTopicPrefix });
  await Promise.all([responder.start(), client.start()]);
});

afterAll(async () => {
  await client.close();
  await responder.close();
  await dropTopics();
});

/** Asks who the responder thinks is calling, with a token made by `sign` (none when it returns undefined). */
async function seenAs(sign: (claims: { traceId?: string; deadline: number }) => string | undefined, extra: { headers?: Record<string, string>; context?: CallContext } = {}) {
  const traceparent = newTraceparent();
  const deadline = Date.now() + 10_000;
  const identityToken = sign({ traceId: traceIdOf(traceparent), deadline });
  const reply = await client.request(whoami, {}, { deadline, headers: extra.headers, context: { ...extra.context, traceparent, identityToken } });
  return reply.identity;
}

describe('identity on requests', () => {
  it('hands the handler the caller a gateway signed for this domain, roles as they were (a comma stays in its role)', async () => {
    const odd: Identity = { userId: 'learner-bo', roles: ['learner,admin', 'analyst'] };
    expect(await seenAs(({ traceId, deadline }) => gateway.sign({ audience: DOMAIN, expiresAt: deadline, identity: odd, traceId }))).toEqual(odd);
  });

  it('ignores plain x-user-* headers: the NestJS-format forgery of the review gets an anonymous request', async () => {
    const refusedBefore = responder.stats.identityRefused;
    expect(await seenAs(() => undefined, { headers: { 'x-user-id': 'learner-ana', 'x-user-roles': 'admin' } })).toBeNull();
    // An identity set in the caller's process does not travel either: only a token does.
    expect(await seenAs(() => undefined, { context: { identity: ana } })).toBeNull();
    expect(responder.stats.identityRefused).toBe(refusedBefore);
  });

  it('treats a forged, foreign, expired or replayed token as anonymous, and counts it', async () => {
    const stranger = new IdentitySigner(identitySecret(DEV_IDENTITY_SECRET.keyId, Buffer.alloc(32, 9)));
    const refusedBefore = responder.stats.identityRefused;
    const forgeries: ((claims: { traceId?: string; deadline: number }) => string)[] = [
      // Another secret under the gateway's key id.
      ({ traceId, deadline }) => stranger.sign({ audience: DOMAIN, expiresAt: deadline, identity: ana, traceId }),
      // Signed for another domain.
      ({ traceId, deadline }) => gateway.sign({ audience: 'progress', expiresAt: deadline, identity: ana, traceId }),
      // Expired a minute ago.
      ({ traceId }) => gateway.sign({ audience: DOMAIN, expiresAt: Date.now() - 60_000, identity: ana, traceId }),
      // Made for another request's trace.
      ({ deadline }) => gateway.sign({ audience: DOMAIN, expiresAt: deadline, identity: ana, traceId: traceIdOf(newTraceparent()) }),
      // A valid token with its payload swapped for an admin's.
      ({ traceId, deadline }) => {
        const [header, , signature] = gateway.sign({ audience: DOMAIN, expiresAt: deadline, identity: ana, traceId }).split('.');
        const payload = Buffer.from(JSON.stringify({ iss: 'puchi-gateway', aud: DOMAIN, exp: deadline / 1000, sub: 'admin-1', roles: ['admin'], trace: traceId })).toString('base64url');
        return `${header}.${payload}.${signature}`;
      },
      // Not a token at all.
      () => 'x.y',
    ];
    for (const forge of forgeries) expect(await seenAs(forge)).toBeNull();
    expect(responder.stats.identityRefused).toBe(refusedBefore + forgeries.length);
  });
});
