import { randomUUID } from 'node:crypto';
import { eventTopic, RemoteError, subscribe, waitFor, type EventEnvelope, type Identity, type Subscription } from '@puchi/kafka';
import { devSigner, replayDomain, startTestDomain, tempDbPath, type TestDomain } from '@puchi/subgraph-kit';
import { getUserProfile, registerUser, updateUserProfile } from './contracts';
import { USER_EVENTS } from './events';
import { SEED_USER_IDS } from './seed';
import { userService } from './service';

const run = randomUUID().slice(0, 8);
const admin: Identity = { userId: 'admin-max', roles: ['admin'] };
const as = (identity?: Identity) => user.as(identity);
const newAccount = (name: string) => ({ displayName: `Test ${name}`, email: `${name}-${run}@example.com`, nativeLanguage: 'en', targetLanguage: 'es' });

let user: TestDomain;
let events: Subscription;
const seen: EventEnvelope[] = [];
const registered: string[] = [];

beforeAll(async () => {
  user = await startTestDomain(userService);
  events = await subscribe({ bus: user.bus, topic: eventTopic('user'), mode: 'fanout', from: 'latest', handler: (e) => void seen.push(e) });
});
afterAll(async () => {
  await events.close();
  await user.close();
});

const highWatermark = async () => {
  const kafkaAdmin = await user.bus.admin();
  const ends = await kafkaAdmin.boundaryOffsets(eventTopic('user'), 'high');
  await kafkaAdmin.disconnect();
  return ends.reduce((sum, p) => sum + Number(p.offset), 0);
};
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => e as RemoteError,
  );
const register = async (name: string, extra: object = {}) => {
  const record = await user.client.request(registerUser.route, { ...newAccount(name), ...extra });
  registered.push(record.id);
  return record;
};

describe('user service', () => {
  it('seeds seven accounts and answers a batch in key order, null for an unknown id', async () => {
    const { values } = await user.client.request(getUserProfile.route, { keys: ['learner-chen', 'nobody-here', 'learner-ana'] }, as(admin));
    expect(values.map((v) => v?.displayName ?? null)).toEqual(['Chen Wei', null, 'Ana Lima']);
    const all = await user.client.request(getUserProfile.route, { keys: SEED_USER_IDS }, as(admin));
    expect(all.values.every((v) => v !== null)).toBe(true);
    expect(all.values.find((v) => v?.id === 'learner-chen')).toMatchObject({ nativeLanguage: 'zh', targetLanguage: 'ja', level: 'A1' });
  });

  it('shows the email to the user and admins, masked to anyone else', async () => {
    const emailSeenBy = async (identity?: Identity) => (await user.client.request(getUserProfile.route, { keys: ['learner-ana'] }, as(identity))).values[0]?.email;
    expect(await emailSeenBy({ userId: 'learner-ana', roles: ['learner'] })).toBe('ana.lima@example.com');
    expect(await emailSeenBy(admin)).toBe('ana.lima@example.com');
    expect(await emailSeenBy({ userId: 'learner-ben', roles: ['learner'] })).toBe('a***@example.com');
    expect(await emailSeenBy({ userId: 'analyst-ida', roles: ['analyst'] })).toBe('a***@example.com');
    expect(await emailSeenBy(undefined)).toBe('a***@example.com');
  });

  it('masks the email from a NestJS-format request that only claims to be her (x-user-id), and from one signed for another domain', async () => {
    const claimed = await user.client.request(getUserProfile.route, { keys: ['learner-ana'] }, { headers: { 'x-user-id': 'learner-ana', 'x-user-roles': 'admin' } });
    expect(claimed.values[0]?.email).toBe('a***@example.com');
    const deadline = Date.now() + 5000;
    const ana = { userId: 'learner-ana', roles: ['learner'] };
    const forProgress = devSigner.sign({ audience: 'progress', expiresAt: deadline, identity: ana });
    const elsewhere = await user.client.request(getUserProfile.route, { keys: ['learner-ana'] }, { deadline, context: { identityToken: forProgress } });
    expect(elsewhere.values[0]?.email).toBe('a***@example.com');
  });

  it('registers anyone with a u-<hex> id, level A1 by default, and publishes user.registered', async () => {
    const zoe = await register('zoe', { nativeLanguage: 'EN' });
    expect(zoe).toMatchObject({ displayName: 'Test zoe', email: `zoe-${run}@example.com`, nativeLanguage: 'en', targetLanguage: 'es', level: 'A1' });
    expect(zoe.id).toMatch(/^u-[0-9a-f]{8}$/);
    const event = await waitFor('user.registered', () => seen.find((e) => e.subject === zoe.id));
    expect(event.type).toBe(USER_EVENTS.registered);
    expect(event.payload).toMatchObject({ userId: zoe.id, level: 'A1', registeredAt: zoe.createdAt });
    const { values } = await user.client.request(getUserProfile.route, { keys: [zoe.id] }, as({ userId: zoe.id, roles: ['learner'] }));
    expect(values[0]).toEqual(zoe);
  });

  it('refuses an email already registered in another case, writing nothing', async () => {
    await register('yan');
    const before = await highWatermark();
    const error = await failure(user.client.request(registerUser.route, { ...newAccount('yan'), email: `YAN-${run}@Example.com` }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.remoteMessage).toBe('email: is already registered');
    expect(await highWatermark()).toBe(before);
  });

  it('registers one of two concurrent requests for the same email', async () => {
    const results = await Promise.allSettled([register('twin'), register('twin')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as RemoteError).remoteMessage).toBe('email: is already registered');
  });

  it.each([
    [{ displayName: '' }, /^displayName: must be 1 to 60 characters/],
    [{ email: 'nope' }, /^email: must be a valid email address/],
    [{ targetLanguage: 'xx' }, /^targetLanguage: must be an ISO 639-1 code/],
    [{ level: 'Z9' }, /^level: /],
  ])('refuses registration with %j as BAD_USER_INPUT naming the field', async (override, message) => {
    const before = await highWatermark();
    const error = await failure(user.client.request(registerUser.route, { ...newAccount(`bad${run}`), ...override } as never));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.remoteMessage).toMatch(message);
    expect(await highWatermark()).toBe(before);
  });

  it('updates only the given fields of the caller and publishes only what changed', async () => {
    const uma = await register('uma');
    const self = { userId: uma.id, roles: ['learner'] };
    const updated = await user.client.request(updateUserProfile.route, { displayName: 'Uma R.', targetLanguage: 'es', level: 'B1' }, as(self));
    expect(updated).toEqual({ ...uma, displayName: 'Uma R.', level: 'B1' });
    const event = await waitFor('user.profile-updated', () => seen.find((e) => e.subject === uma.id && e.type === USER_EVENTS.profileUpdated));
    expect(Object.keys(event.payload as object).sort()).toEqual(['displayName', 'level', 'updatedAt', 'userId']);

    const before = await highWatermark();
    expect(await user.client.request(updateUserProfile.route, { level: 'B1' }, as(self))).toEqual(updated);
    expect(await highWatermark()).toBe(before);
  });

  it('changes the caller, never a user named in the payload', async () => {
    const victim = await register('vic');
    const attacker = await register('mal');
    const payload = { userId: victim.id, displayName: 'Hacked' } as never;
    const result = await user.client.request(updateUserProfile.route, payload, as({ userId: attacker.id, roles: ['learner'] }));
    expect(result.id).toBe(attacker.id);
    const { values } = await user.client.request(getUserProfile.route, { keys: [victim.id] }, as(admin));
    expect(values[0]?.displayName).toBe('Test vic');
  });

  it('refuses an update without identity (UNAUTHENTICATED) or without a profile (NOT_FOUND)', async () => {
    expect((await failure(user.client.request(updateUserProfile.route, { level: 'A2' }, as(undefined)))).code).toBe('UNAUTHENTICATED');
    const ghost = await failure(user.client.request(updateUserProfile.route, { level: 'A2' }, as({ userId: `ghost-${run}`, roles: ['learner'] })));
    expect(ghost.code).toBe('NOT_FOUND');
    const bad = await failure(user.client.request(updateUserProfile.route, { nativeLanguage: 'klingon' }, as({ userId: 'learner-ana', roles: ['learner'] })));
    expect(bad.remoteMessage).toMatch(/^nativeLanguage: /);
  });

  it('seeds once: a restart on the same store publishes nothing new and keeps the data', async () => {
    const before = await highWatermark();
    await user.restart();
    expect(await highWatermark()).toBe(before);
    const { values } = await user.client.request(getUserProfile.route, { keys: ['learner-eli', ...registered] }, as(admin));
    expect(values.every((v) => v !== null)).toBe(true);
  });

  it('rebuilds an identical store by replaying user-events', async () => {
    const keys = [...SEED_USER_IDS, ...registered];
    const original = await user.client.request(getUserProfile.route, { keys }, as(admin));
    const rebuilt = tempDbPath('user-replay');
    const result = await replayDomain(userService, user.bus, rebuilt);
    expect(result.events).toBeGreaterThanOrEqual(keys.length);
    // The replayed service joins the same group: stop ours so only the rebuilt store answers.
    await user.service.close();
    const replayed = await startTestDomain(userService, rebuilt);
    try {
      expect(await replayed.client.request(getUserProfile.route, { keys }, as(admin))).toEqual(original);
    } finally {
      await replayed.close();
      await user.restart();
    }
  });
});
