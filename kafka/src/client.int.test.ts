import { createTopicsAndWait } from './admin';
import { createKafka } from './client';
import { silentLogger } from './log';
import { uniqueName, waitFor } from './testing';

// Proves kafkajs 2.2.4 and the Kafka 4.x broker agree on every API a service uses: CreateTopics, Produce,
// JoinGroup/SyncGroup/Heartbeat, Fetch, OffsetCommit and OffsetFetch.
describe('kafkajs against the broker', () => {
  const kafka = createKafka({ clientId: 'roundtrip-test', logger: silentLogger });
  const topic = uniqueName('roundtrip');
  const groupId = uniqueName('roundtrip-group');
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
    await createTopicsAndWait(admin, [{ topic, numPartitions: 3, replicationFactor: 1 }]);
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('produces, joins a consumer group, consumes and commits offsets that a new member resumes from', async () => {
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: ['a', 'b', 'c', 'd'].map((v) => ({ key: v, value: v })) });

    const seen: string[] = [];
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await waitFor('four messages', () => seen.length === 4);
    expect(joined).toBe(true);
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd']);
    await consumer.disconnect(); // commits what it consumed

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    // A partition that received nothing has no committed offset (-1).
    const total = committed[0]!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    expect(total).toBe(4);

    // A later member of the same group starts after the committed offsets: it sees only the new message.
    await producer.send({ topic, acks: -1, messages: [{ key: 'e', value: 'e' }] });
    const resumed: string[] = [];
    const second = kafka.consumer({ groupId, maxWaitTimeInMs: 50 });
    await second.connect();
    await second.subscribe({ topic, fromBeginning: true });
    await second.run({ eachMessage: async ({ message }) => void resumed.push(message.value!.toString()) });
    await waitFor('the new message', () => resumed.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(resumed).toEqual(['e']);
    await second.disconnect();
    await producer.disconnect();
  });
});
