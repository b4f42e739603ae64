import { brokersFromEnv } from '../client';
import { RpcClient } from '../rpc/client';
import { Responder } from '../rpc/responder';
import { route } from '../rpc/route';
import { uniqueName } from '../testing/names';
import { waitFor } from '../testing/wait';
import { createBus } from './bus';
import type { Assignment, BusConsumer, IncomingRecord, MessageBus } from './port';
import { createTestTopics, FAST_GROUP } from './testing';

// The @platformatic/kafka adapter on a real broker, whatever KAFKA_CLIENT says: `npm test` keeps it working while
// kafkajs stays the default (docs/kafka-client-trial.md). The whole suite runs on it with KAFKA_CLIENT=platformatic.

jest.setTimeout(60_000);

const bus: MessageBus = createBus({ clientId: uniqueName('platformatic-test'), brokers: brokersFromEnv(process.env), client: 'platformatic' });
const rpcTopic = uniqueName('pk-rpc');
const dataTopic = uniqueName('pk-data');
const replyTopicPrefix = uniqueName('pk');
const echo = route<{ text: string }, { echoed: string; partition: number }>(rpcTopic);
const consumers: BusConsumer[] = [];
const groups: string[] = [];
let dropTopics: () => Promise<void>;

beforeAll(async () => {
  dropTopics = await createTestTopics(bus, [
    { name: rpcTopic, partitions: 3, withDeadLetter: true },
    { name: dataTopic, partitions: 3 },
  ]);
});

afterAll(async () => {
  await Promise.allSettled(consumers.map((c) => c.disconnect()));
  const admin = await bus.admin();
  await admin.deleteGroups(groups).catch(() => undefined);
  await admin.disconnect();
  await dropTopics();
});

/** A consumer of `dataTopic` in `groupId` that records what it reads and marks it done. */
async function reader(groupId: string, seen: IncomingRecord[], assignments: Assignment[] = []): Promise<BusConsumer> {
  const consumer = bus.consumer({ groupId, ...FAST_GROUP });
  consumers.push(consumer);
  consumer.onAssignment((a) => assignments.push(a));
  await consumer.connect();
  await consumer.subscribe([dataTopic], true);
  await consumer.run({
    partitionsConcurrently: 3,
    onBatch: async (batch) => {
      for (const record of batch.records) {
        if (batch.isStale()) return;
        seen.push(record);
        batch.markProcessed(record.offset);
      }
    },
  });
  return consumer;
}

describe('the @platformatic/kafka bus', () => {
  it('answers request/reply through a responder and an RpcClient', async () => {
    const responder = new Responder({ bus, groupId: uniqueName('pk-responder'), replyTopicPrefixes: [replyTopicPrefix] }).handle(echo, (payload, ctx) => ({
      echoed: payload.text,
      partition: ctx.partition,
    }));
    const client = new RpcClient({ bus, replyTopicPrefix });
    await Promise.all([responder.start(), client.start()]);
    try {
      const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => client.request(echo, { text: `n${i}` }, { key: `user-${i % 7}` })));
      expect(replies.map((r) => r.echoed)).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`));
      // Keyed requests land where the Java partitioner puts them: the producer's partitionOf agrees.
      const producer = bus.producer();
      await producer.connect();
      for (let i = 0; i < 7; i++) expect(replies[i]!.partition).toBe(await producer.partitionOf(rpcTopic, `user-${i % 7}`));
      await producer.disconnect();
    } finally {
      await client.close();
      await responder.close();
    }
  });

  it('delivers keyed records in order per key, with headers, to a group that commits what it marked', async () => {
    const producer = bus.producer({ idempotent: true });
    await producer.connect();
    const keys = ['ana', 'ben', 'chen', 'dara'];
    await producer.send(Array.from({ length: 40 }, (_, i) => ({ topic: dataTopic, key: keys[i % 4]!, value: `v${i}`, headers: { 'x-n': String(i) } })));
    const groupId = uniqueName('pk-keyed');
    groups.push(groupId);
    const seen: IncomingRecord[] = [];
    const consumer = await reader(groupId, seen);
    await waitFor('40 records', () => seen.length >= 40, 15_000);
    for (const key of keys) {
      const values = seen.filter((r) => r.key === key).map((r) => Number(r.headers['x-n']));
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(new Set(seen.filter((r) => r.key === key).map((r) => r.partition)).size).toBe(1);
      expect(seen.find((r) => r.key === key)!.partition).toBe(await producer.partitionOf(dataTopic, key));
    }
    await consumer.disconnect();
    // What was marked was committed: the group's lag on the topic is nothing.
    const admin = await bus.admin();
    const lags = (await admin.groupOffsets(groupId)).filter((l) => l.topic === dataTopic);
    await admin.disconnect();
    expect(lags.reduce((sum, l) => sum + l.lag, 0)).toBe(0);
    await producer.disconnect();
  });

  it('stops reading a paused topic without leaving the group, and reads on from the first unmarked record on resume', async () => {
    const groupId = uniqueName('pk-pause');
    groups.push(groupId);
    const seen: IncomingRecord[] = [];
    const assignments: Assignment[] = [];
    // Start from the end of what the earlier test wrote.
    const consumer = bus.consumer({ groupId, ...FAST_GROUP });
    consumers.push(consumer);
    consumer.onAssignment((a) => assignments.push(a));
    await consumer.connect();
    await consumer.subscribe([dataTopic], false);
    await consumer.run({ onBatch: async (batch) => batch.records.forEach((r) => (seen.push(r), batch.markProcessed(r.offset))) });
    const producer = bus.producer();
    await producer.connect();
    await producer.send([{ topic: dataTopic, key: 'before', value: 'a' }]);
    await waitFor('the record sent before the pause', () => seen.some((r) => r.key === 'before'), 10_000);
    consumer.pause(dataTopic);
    await producer.send([{ topic: dataTopic, key: 'during', value: 'b' }]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen.some((r) => r.key === 'during')).toBe(false);
    consumer.resume(dataTopic);
    await waitFor('the record sent during the pause', () => seen.some((r) => r.key === 'during'), 10_000);
    expect(assignments).toHaveLength(1); // no rebalance for a pause
    await producer.disconnect();
  });

  it('shares the partitions with a second member and gives them all back when it leaves', async () => {
    const groupId = uniqueName('pk-rebalance');
    groups.push(groupId);
    const firstAssignments: Assignment[] = [];
    const secondAssignments: Assignment[] = [];
    const first = await reader(groupId, [], firstAssignments);
    expect(firstAssignments.at(-1)![dataTopic]).toEqual([0, 1, 2]);
    const second = await reader(groupId, [], secondAssignments);
    await waitFor(
      'the partitions shared by both members',
      () => (firstAssignments.at(-1)?.[dataTopic]?.length ?? 0) + (secondAssignments.at(-1)?.[dataTopic]?.length ?? 0) === 3 && (secondAssignments.at(-1)?.[dataTopic]?.length ?? 0) > 0,
      20_000,
    );
    await second.disconnect();
    await waitFor('all partitions back on the first member', () => firstAssignments.at(-1)?.[dataTopic]?.length === 3, 20_000);
    await first.disconnect();
  });

  it('starts where a seek made in onAssignment says', async () => {
    const groupId = uniqueName('pk-seek');
    groups.push(groupId);
    const admin = await bus.admin();
    const ends = await admin.boundaryOffsets(dataTopic, 'high');
    await admin.disconnect();
    const consumer = bus.consumer({ groupId, ...FAST_GROUP, commit: false });
    consumers.push(consumer);
    const seen: IncomingRecord[] = [];
    // From one record before each partition's end: exactly the last record of every non-empty partition.
    consumer.onAssignment((a) => {
      for (const p of a[dataTopic] ?? []) {
        const end = BigInt(ends.find((e) => e.partition === p)!.offset);
        if (end > 0n) consumer.seek(dataTopic, p, (end - 1n).toString());
      }
    });
    await consumer.connect();
    await consumer.subscribe([dataTopic], true);
    await consumer.run({ onBatch: async (batch) => batch.records.forEach((r) => (seen.push(r), batch.markProcessed(r.offset))) });
    const nonEmpty = ends.filter((e) => BigInt(e.offset) > 0n).length;
    await waitFor('the last record of each partition', () => seen.length >= nonEmpty, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(seen).toHaveLength(nonEmpty);
  });
});
