import { PuchiKafkaError } from '../errors';
import { uniqueName } from '../testing/names';
import { createTestTopics, FAST_GROUP, testBus } from '../transport/testing';
import { RpcClient } from './client';
import { Responder } from './responder';
import { route } from './route';

jest.setTimeout(60_000);

interface Ask {
  client: string;
  seq: number;
}
interface Answer extends Ask {
  by: string;
}

const bus = testBus();
const topic = uniqueName('rpc-multi');
const ask = route<Ask, Answer>(topic);
const groupId = uniqueName('rpc-multi-group');
const replyTopicPrefixes = [uniqueName('multi'), uniqueName('multi')];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function responder(name: string): Responder {
  return new Responder({ bus, groupId, consumer: FAST_GROUP, partitionsConcurrently: 4, replyTopicPrefixes }).handle(ask, async (payload) => {
    await sleep(Math.random() * 3);
    return { ...payload, by: name };
  });
}

interface Outcome {
  ok: boolean;
  elapsedMs: number;
  timeoutMs: number;
  wrongClient?: boolean;
  error?: unknown;
}

/** Keeps `concurrency` requests in flight until `stop()` says so. */
async function traffic(client: RpcClient, name: string, concurrency: number, stop: () => boolean, timeoutMs: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let seq = 0;
  const loop = async () => {
    while (!stop()) {
      const mine = { client: name, seq: seq++ };
      const started = Date.now();
      try {
        const answer = await client.request(ask, mine, { timeoutMs, key: `user-${mine.seq % 50}` });
        outcomes.push({ ok: true, elapsedMs: Date.now() - started, timeoutMs, wrongClient: answer.client !== name || answer.seq !== mine.seq });
      } catch (error) {
        outcomes.push({ ok: false, elapsedMs: Date.now() - started, timeoutMs, error });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return outcomes;
}

describe('two clients and two responders while the group changes', () => {
  let dropTopics: () => Promise<void>;
  beforeAll(async () => {
    dropTopics = await createTestTopics(bus, [{ name: topic, partitions: 4 }]);
  });
  afterAll(() => dropTopics());

  it('answers every request (or fails it with a typed error within its deadline), never to the wrong client', async () => {
    const first = responder('first');
    const second = responder('second');
    const third = responder('third');
    const clients = replyTopicPrefixes.map((replyTopicPrefix) => new RpcClient({ bus, replyTopicPrefix }));
    await Promise.all([first.start(), second.start(), ...clients.map((c) => c.start())]);

    let stopping = false;
    const running = clients.map((c, i) => traffic(c, `client-${i}`, 16, () => stopping, 8000));
    await sleep(1000);
    await third.start(); // joins mid-traffic: a rebalance moves partitions to it
    await sleep(1000);
    await first.close(); // leaves mid-traffic: its partitions move to the others
    await sleep(1500);
    stopping = true;
    const outcomes = (await Promise.all(running)).flat();

    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([second.close(), third.close()]);

    const failures = outcomes.filter((o) => !o.ok);
    expect(outcomes.length).toBeGreaterThan(500);
    // No reply reached the wrong client or the wrong request.
    expect(outcomes.filter((o) => o.wrongClient)).toHaveLength(0);
    // Failures, if any, are ours and typed, and none took longer than its deadline (plus timer slack).
    for (const f of failures) expect(f.error).toBeInstanceOf(PuchiKafkaError);
    for (const o of outcomes) expect(o.elapsedMs).toBeLessThanOrEqual(o.timeoutMs + 250);
    // With deadlines well above a rebalance, nothing should be lost at all.
    expect(failures).toHaveLength(0);
    // Every instance did some of the work, so the traffic really crossed both rebalances.
    expect(first.stats.handled).toBeGreaterThan(0);
    expect(third.stats.handled).toBeGreaterThan(0);
    expect(second.stats.handled).toBeGreaterThan(0);
  });
});
