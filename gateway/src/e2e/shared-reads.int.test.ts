import { randomUUID } from 'node:crypto';
import type { RunningGateway } from '../server';
import { startTestSystem, type TestSystem } from './system';

/** The entity cache and single-flight (docs/architecture.md, "Shared reads"), against the real services. */
let system: TestSystem;
let other: RunningGateway;
beforeAll(async () => {
  system = await startTestSystem();
  other = await system.startGateway({ port: 0 });
  await Promise.all([system.gateway.reads.ready(), other.reads.ready()]);
});
afterAll(() => system.close());

type Result<T> = { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };

async function queryAt<T>(gateway: RunningGateway, query: string, as?: string): Promise<Result<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as) headers.authorization = `Bearer ${await system.token(as)}`;
  const res = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query }) });
  return (await res.json()) as Result<T>;
}

const hits = (gateway: RunningGateway) => gateway.reads.stats().cache?.hits ?? 0;

describe('shared reads', () => {
  it('never serves a cached profile older than a write acknowledged through another gateway', async () => {
    const email = `cache-${randomUUID().slice(0, 8)}@example.com`;
    const registered = await queryAt<{ registerUser: { id: string } }>(
      system.gateway,
      `mutation { registerUser(input: { displayName: "Round 0", email: "${email}", nativeLanguage: "en", targetLanguage: "es" }) { id } }`,
    );
    const userId = registered.data!.registerUser.id;
    let stale = 0;
    for (let round = 1; round <= 15; round++) {
      // Read twice on the other gateway: the second read is a cache hit, the answer the write must evict.
      const before = hits(other);
      await queryAt(other, '{ me { displayName } }', userId);
      await queryAt(other, '{ me { displayName } }', userId);
      expect(hits(other)).toBeGreaterThan(before);
      const written = await queryAt<{ updateProfile: { displayName: string } }>(system.gateway, `mutation { updateProfile(input: { displayName: "Round ${round}" }) { displayName } }`, userId);
      expect(written.data?.updateProfile.displayName).toBe(`Round ${round}`);
      const read = await queryAt<{ me: { displayName: string } }>(other, '{ me { displayName } }', userId);
      if (read.data?.me.displayName !== `Round ${round}`) stale++;
    }
    expect(stale).toBe(0);
    expect(other.reads.stats().cache?.evicted).toBeGreaterThan(0);
  });

  it('answers public catalog data from the cache while its service is down', async () => {
    const query = '{ lesson(id: "fr-a1-02") { title quiz { title } } }';
    const first = await queryAt<{ lesson: { quiz: { title: string } } }>(system.gateway, query);
    expect(first.errors).toBeUndefined();
    await system.stopService('quiz');
    try {
      const cached = await queryAt<{ lesson: { quiz: { title: string } } }>(system.gateway, query);
      expect(cached.errors).toBeUndefined();
      expect(cached.data).toEqual(first.data);
    } finally {
      await system.startService('quiz');
    }
  });

  it('sends one request for identical public reads in flight together', async () => {
    const uncached = await system.startGateway({ port: 0, sharedReads: { singleFlight: true } });
    const before = uncached.reads.stats();
    const results = await Promise.all(Array.from({ length: 20 }, () => queryAt<{ lesson: { title: string } }>(uncached, '{ lesson(id: "ja-a1-08") { title vocabulary { term } } }')));
    expect(results.every((r) => r.errors === undefined && r.data?.lesson.title === results[0]!.data!.lesson.title)).toBe(true);
    const after = uncached.reads.stats();
    expect(after.cache).toBeUndefined();
    expect(after.joined - before.joined).toBeGreaterThan(0);
    expect(after.flights - before.flights).toBeLessThan(40);
  });
});
