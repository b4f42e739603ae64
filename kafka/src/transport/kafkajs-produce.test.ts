import type { Kafka, ProducerBatch, RecordMetadata } from 'kafkajs';
import { BrokerUnavailableError } from '../errors';
import type { Logger } from '../log';
import { kafkaJsBus } from './kafkajs';

/**
 * The producer port over a fake kafkajs client: `sendBatch` answers for the partitions `answer` lets through,
 * as kafkajs 2.2.4 does when it skips the partitions of a dead leader (kafkajs#1303).
 */
function fakeKafka(answer: (call: number, partitions: { topic: string; partition: number }[]) => { topic: string; partition: number }[]) {
  const batches: { topic: string; partition: number; value: string }[][] = [];
  const metadataCalls: string[] = [];
  const concurrency = { now: 0, max: 0 };
  const sendBatch = async ({ topicMessages = [] }: ProducerBatch): Promise<RecordMetadata[]> => {
    concurrency.max = Math.max(concurrency.max, ++concurrency.now);
    await new Promise((resolve) => setTimeout(resolve, 5));
    concurrency.now--;
    const records = topicMessages.flatMap(({ topic, messages }) =>
      messages.map((m) => ({ topic, partition: m.partition!, value: String(m.value) })),
    );
    batches.push(records);
    const pairs = [...new Map(records.map((r) => [`${r.topic}:${r.partition}`, { topic: r.topic, partition: r.partition }])).values()];
    return answer(batches.length, pairs).map((p) => ({ topicName: p.topic, partition: p.partition, errorCode: 0 }));
  };
  const kafka = {
    producer: () => ({ connect: async () => {}, disconnect: async () => {}, sendBatch }),
    admin: () => ({
      connect: async () => {},
      disconnect: async () => {},
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
        metadataCalls.push(...topics);
        return { topics: topics.map((name) => ({ name, partitions: [0, 1, 2].map((partitionId) => ({ partitionId, leader: partitionId + 1, replicas: [], isr: [], partitionErrorCode: 0 })) })) };
      },
    }),
  };
  return { kafka: kafka as unknown as Kafka, batches, metadataCalls, concurrency };
}

function recordingLogger() {
  const warnings: { msg: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    error: () => {},
    warn: (msg, fields) => void warnings.push({ msg, fields }),
    child: () => logger,
  };
  return { logger, warnings };
}

const records = Array.from({ length: 12 }, (_, i) => ({ topic: 'orders', key: `key-${i}`, value: `v${i}` }));

describe('the kafkajs producer port', () => {
  it('assigns partitions itself from cached metadata (one metadata call per topic), as kafkajs would', async () => {
    const { kafka, batches, metadataCalls } = fakeKafka((_, pairs) => pairs);
    const producer = kafkaJsBus(kafka).producer({ acks: -1 });
    await producer.send(records);
    await producer.send(records);
    expect(metadataCalls).toEqual(['orders']);
    expect(batches[0]!.every((r) => r.partition >= 0 && r.partition < 3)).toBe(true);
    expect(new Set(batches[0]!.map((r) => r.partition)).size).toBeGreaterThan(1);
    // The same key goes to the same partition every time (murmur2, Java-compatible).
    expect(batches[1]!.map((r) => r.partition)).toEqual(batches[0]!.map((r) => r.partition));
  });

  it('keeps an explicit partition and needs no metadata for it', async () => {
    const { kafka, batches, metadataCalls } = fakeKafka((_, pairs) => pairs);
    await kafkaJsBus(kafka).producer().send([{ topic: 'replies', partition: 0, value: 'r' }]);
    expect(metadataCalls).toEqual([]);
    expect(batches).toEqual([[{ topic: 'replies', partition: 0, value: 'r' }]]);
  });

  it('sends again exactly the records of partitions kafkajs did not acknowledge, and warns', async () => {
    // First call: partition 1 is missing from the response, as after its leader died mid-send.
    const { kafka, batches } = fakeKafka((call, pairs) => (call === 1 ? pairs.filter((p) => p.partition !== 1) : pairs));
    const { logger, warnings } = recordingLogger();
    await kafkaJsBus(kafka, logger).producer({ idempotent: true }).send(records);
    expect(batches).toHaveLength(2);
    const first = batches[0]!;
    expect(batches[1]).toEqual(first.filter((r) => r.partition === 1));
    expect(batches[1]!.length).toBeGreaterThan(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toContain('kafkajs#1303');
    expect(warnings[0]!.fields).toMatchObject({ partitions: [{ topic: 'orders', partitions: [1], records: batches[1]!.length }], records: batches[1]!.length });
  });

  it('fails with BrokerUnavailableError naming the partitions when they are never acknowledged', async () => {
    const { kafka, batches } = fakeKafka((_, pairs) => pairs.filter((p) => p.partition !== 2));
    const error = await kafkaJsBus(kafka).producer({ acks: 1 }).send(records).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerUnavailableError);
    expect((error as BrokerUnavailableError).retriable).toBe(true);
    expect((error as BrokerUnavailableError).topic).toBe('orders');
    expect((error as Error).message).toMatch(/orders\[2\].*kafkajs#1303/);
    expect(batches).toHaveLength(4); // the send and three resends
  });

  it('checks nothing with acks 0, which returns no acknowledgements', async () => {
    const { kafka, batches } = fakeKafka(() => []);
    await kafkaJsBus(kafka).producer({ acks: 0 }).send(records);
    expect(batches).toHaveLength(1);
  });

  it('runs the sends of an idempotent producer one at a time (kafkajs#1005), even after a failed one', async () => {
    const { kafka, batches, concurrency } = fakeKafka((call, pairs) => (call <= 4 ? [] : pairs)); // 'a' and its three resends go unanswered
    const producer = kafkaJsBus(kafka).producer({ idempotent: true });
    const sends = ['a', 'b', 'c'].map((value) => producer.send([{ topic: 'orders', partition: 0, value }]).then(() => value));
    const settled = await Promise.allSettled(sends);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(concurrency.max).toBe(1);
    expect(batches.map((b) => b[0]!.value)).toEqual(['a', 'a', 'a', 'a', 'b', 'c']);
  });

  it('lets the sends of a plain producer overlap', async () => {
    const { kafka, concurrency } = fakeKafka((_, pairs) => pairs);
    const producer = kafkaJsBus(kafka).producer({ acks: -1 });
    await Promise.all(['a', 'b'].map((value) => producer.send([{ topic: 'orders', partition: 0, value }])));
    expect(concurrency.max).toBe(2);
  });
});
