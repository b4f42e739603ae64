import { createHash, randomUUID } from 'node:crypto';
import { createBus, eventTopic, RemoteError, RPC_HEADERS, RpcClient, silentLogger, waitFor, type Identity } from '@puchi/kafka';
import { createSubgraphContext, devSigner, signedTokens, startDomainService, tempDbPath, type RunningService } from '@puchi/subgraph-kit';
import { getUserProfile, registerUser, updateUserProfile } from './contracts';
import { userService } from './service';

jest.setTimeout(180_000);

/**
 * Several instances of the user service on one topic, with rebalances while a learner writes and reads their own
 * profile (the two findings: stores that diverge for good, and reads that miss the caller's own write).
 */
const bus = createBus({ clientId: 'test-user-scale-out', logger: silentLogger });
const client = new RpcClient({ bus, staleReplyTopicGraceMs: 0, defaultTimeoutMs: 15_000 });
const instances = new Map<string, RunningService>();
const dbPaths = new Map<string, string>();

async function startInstance(name: string): Promise<void> {
  const dbPath = tempDbPath(`user-${name}`);
  dbPaths.set(name, dbPath);
  instances.set(name, await startDomainService(userService, { bus, dbPath, logger: silentLogger, config: { heartbeatIntervalMs: 1000 } }));
}
async function stopInstance(name: string): Promise<void> {
  await instances.get(name)!.close();
  instances.delete(name);
}

const as = (identity?: Identity) => {
  const deadline = Date.now() + 15_000;
  return { deadline, context: { identity, identityToken: identity ? devSigner.sign({ audience: 'user', expiresAt: deadline, identity }) : undefined } };
};
/** What the gateway does for one GraphQL request: a context whose batched reads are keyed by learner. */
const contextOf = (identity: Identity) => createSubgraphContext({ caller: client, identity, timeoutMs: 15_000, identityTokens: signedTokens(devSigner) });

/** A client that retries what the service says is retriable, as the load does. */
async function retrying<T>(send: () => Promise<T>, errors: string[]): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const retriable = error instanceof RemoteError ? error.retriable : (error as { retriable?: boolean }).retriable;
      errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      if (!retriable || attempt === 5) throw error;
    }
  }
}

/** The users table of an instance's store, hashed, once it applied the whole topic. */
function usersHash(service: RunningService): string {
  const rows = service.runtime.db.prepare('SELECT id, display_name, email_key, native_language, target_language, level FROM users ORDER BY id').all();
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

beforeAll(async () => {
  await client.start();
  await startInstance('a');
  await startInstance('b');
});
afterAll(async () => {
  for (const name of [...instances.keys()]) await stopInstance(name);
  await client.close();
});

describe('the user service on several instances', () => {
  it('reads each learner’s own writes across rebalances, and every instance ends with the same store', async () => {
    const run = randomUUID().slice(0, 8);
    const learners: Identity[] = [];
    const errors: string[] = [];
    for (let i = 0; i < 6; i++) {
      const email = `scale-${run}-${i}@example.com`;
      const user = await retrying(() => client.request(registerUser.route, { displayName: `Scale ${i}`, email, nativeLanguage: 'en', targetLanguage: 'es' }, { key: email, timeoutMs: 15_000 }), errors);
      learners.push({ userId: user.id, roles: ['learner'] });
    }

    let stale = 0;
    const pairs = 150;
    for (let i = 0; i < pairs; i++) {
      // Instances come and go while the learners write: partitions move to instances that must restore first.
      if (i === 50) await startInstance('c');
      if (i === 100) await stopInstance('a');
      const learner = learners[i % learners.length]!;
      const displayName = `Name ${run} ${i}`;
      // Two learners at once, so requests of different partitions interleave.
      const other = learners[(i + 1) % learners.length]!;
      await Promise.all([
        retrying(() => client.request(updateUserProfile.route, { displayName }, { key: learner.userId, ...as(learner) }), errors),
        retrying(() => client.request(updateUserProfile.route, { level: i % 2 === 0 ? 'A2' : 'B1' }, { key: other.userId, ...as(other) }), errors),
      ]);
      const read = await retrying(() => contextOf(learner).load(getUserProfile, learner.userId), errors);
      if (read?.displayName !== displayName) stale++;
    }
    expect({ stale, errors: errors.length }).toEqual({ stale: 0, errors: expect.any(Number) });

    // Every live instance applies the whole topic, in topic order: the same rows everywhere.
    const admin = await bus.admin();
    const ends = await admin.boundaryOffsets(eventTopic('user'), 'high');
    await admin.disconnect();
    const live = [...instances.values()];
    await waitFor('every instance at the end of user-events', () => live.every((s) => ends.every((e) => (s.projection.position().get(e.partition) ?? 0n) >= BigInt(e.offset))), 30_000);
    const hashes = live.map(usersHash);
    expect(new Set(hashes).size).toBe(1);
    expect(live).toHaveLength(2);
  });

  it('answers a hedged read (sent to another partition with a read barrier) with the caller’s latest write', async () => {
    const email = `hedge-${randomUUID().slice(0, 8)}@example.com`;
    const user = await client.request(registerUser.route, { displayName: 'Hedge', email, nativeLanguage: 'en', targetLanguage: 'es' }, { key: email, timeoutMs: 15_000 });
    const learner: Identity = { userId: user.id, roles: ['learner'] };
    const own = await client.partitionOf(getUserProfile.topic, user.id);
    const other = (own + 1) % (await client.partitionCount(getUserProfile.topic));
    for (let i = 0; i < 30; i++) {
      const displayName = `Hedged ${i}`;
      await client.request(updateUserProfile.route, { displayName }, { key: user.id, ...as(learner) });
      const { values } = await client.request(getUserProfile.route, { keys: [user.id] }, { key: user.id, partition: other, headers: { [RPC_HEADERS.readBarrier]: String(own) }, ...as(learner) });
      expect(values[0]?.displayName).toBe(displayName);
    }
  });
});
