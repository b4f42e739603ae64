import { uniqueName } from '../testing/names';
import type { BusProducer } from '../transport/port';
import { createTestTopics, FAST_GROUP, testBus } from '../transport/testing';
import { RpcClient } from './client';
import { RPC_HEADERS } from './protocol';
import { newInstanceId, replyTopicName } from './reply-topic';
import { Responder } from './responder';
import { route } from './route';

jest.setTimeout(90_000);

const bus = testBus();
const topic = uniqueName('rpc-gone-caller');
const echo = route<{ n: number }, { n: number }>(topic);
const prefix = uniqueName('gone');

/**
 * A caller that died without deleting its reply topic's name from its requests (a crashed gateway whose topic
 * was swept, a caller that closed with requests still queued): its replies can never be delivered. The signature
 * in the issue: the service retried producing them in a loop, stopped heart-beating and was dropped from its group
 * over and over, and every other caller timed out.
 */
describe('a caller whose reply topic is gone', () => {
  let dropTopics: () => Promise<void>;
  let responder: Responder;
  let raw: BusProducer;
  beforeAll(async () => {
    dropTopics = await createTestTopics(bus, [{ name: topic, partitions: 3 }]);
    responder = new Responder({ bus, groupId: uniqueName('gone-caller-group'), consumer: FAST_GROUP, replyTopicPrefixes: [prefix] }).handle(echo, async (p) => p);
    await responder.start();
    raw = bus.producer();
    await raw.connect();
  });
  afterAll(async () => {
    await raw.disconnect();
    await responder.close();
    await dropTopics();
  });

  it('does not slow down the answers to anybody else: undeliverable replies are dropped at once', async () => {
    const client = new RpcClient({ bus, replyTopicPrefix: prefix });
    await client.start();
    const ghost = replyTopicName(prefix, newInstanceId());
    try {
      const latencies: number[] = [];
      for (let round = 0; round < 30; round++) {
        // Requests of the ghost interleave with the live caller's on every partition.
        await raw.send(
          [0, 1, 2].map((partition) => ({
            topic,
            partition,
            key: null,
            value: JSON.stringify({ n: -round }),
            headers: { [RPC_HEADERS.correlationId]: `ghost-${round}-${partition}`, [RPC_HEADERS.replyTopic]: ghost, [RPC_HEADERS.replyPartition]: '0', [RPC_HEADERS.deadline]: String(Date.now() + 30_000) },
          })),
        );
        const started = Date.now();
        const replies = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => client.request(echo, { n: round * 10 + i }, { timeoutMs: 10_000 })));
        latencies.push(Date.now() - started);
        expect(replies.map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5].map((i) => round * 10 + i));
      }
      latencies.sort((a, b) => a - b);
      // Generous for a loaded CI machine; a wedged responder takes seconds per round (kafkajs retries the produce).
      expect(latencies[latencies.length - 1]).toBeLessThan(2000);
      expect(responder.stats.repliesDropped).toBeGreaterThanOrEqual(1);
    } finally {
      await client.close();
    }
  });

  it('answers a new caller after one it replied to has gone and its topic was deleted', async () => {
    // kafkajs 2.2.4 names every topic a producer ever wrote to in each metadata refresh, and one deleted topic fails
    // the refresh: the reply producer then could not load any new caller's topic (issue 11: a restarted gateway
    // got no reply from three services for a minute).
    const admin = await bus.admin();
    try {
      const first = new RpcClient({ bus, replyTopicPrefix: prefix });
      await first.start();
      expect(await first.request(echo, { n: 1 }, { timeoutMs: 10_000 })).toEqual({ n: 1 });
      const gone = first.replyTopic;
      await first.close();
      while ((await admin.listTopics()).includes(gone)) await new Promise((resolve) => setTimeout(resolve, 100));
      const second = new RpcClient({ bus, replyTopicPrefix: prefix });
      await second.start();
      try {
        for (const n of [2, 3, 4]) expect(await second.request(echo, { n }, { timeoutMs: 10_000 })).toEqual({ n });
      } finally {
        await second.close();
      }
    } finally {
      await admin.disconnect();
    }
  });
});
