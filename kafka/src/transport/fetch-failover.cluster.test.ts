import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Consumer, Kafka } from 'kafkajs';
import { createTopicsAndWait } from '../admin';
import { createKafka } from '../client';
import { killNode, startKafka, stopKafka } from '../launcher/cluster';
import type { LauncherConfig } from '../launcher/config';
import { silentLogger } from '../log';
import { ownBrokerConfig, waitFor } from '../testing';
import { kafkaJsBus } from './kafkajs';

// A consumer whose partition leader is killed -9 follows the new leader instead of asking the dead broker until
// its retries run out (kafkajs-fetch-recovery-patch.ts). Both clients in one run: kafkajs as shipped first (the
// patch, once installed, stays on its prototype for the rest of this file), then with our patches.

const config: Partial<LauncherConfig> = ownBrokerConfig({
  nodes: 3,
  port: 29992, // brokers 29992/94/96, controllers 29993/95/97
  dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-fetch-failover-')),
  heapMb: 384,
});
const KEYS = Array.from({ length: 24 }, (_, i) => `key-${i}`); // murmur2 spreads these over all three partitions

afterAll(async () => {
  await stopKafka({ ...config, graceMs: 10_000 });
  fs.rmSync(config.dataDir!, { recursive: true, force: true });
});

/** Java's `String.hashCode`, with which the broker maps a group to its `__consumer_offsets` partition. */
function javaHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

async function coordinatorOf(kafka: Kafka, groupId: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const partitions = (await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] })).topics[0]!.partitions;
    // Kafka's `Utils.abs`: Math.abs, with Integer.MIN_VALUE taken as 0.
    const hash = javaHash(groupId);
    const partition = (hash === -2147483648 ? 0 : Math.abs(hash)) % partitions.length;
    return partitions.find((p) => p.partitionId === partition)!.leader;
  } finally {
    await admin.disconnect();
  }
}

interface Outcome {
  crashed: boolean;
  received: number;
}

/** Consumes a fresh topic, kills a leader of it that is not the group's coordinator, and produces after the kill. */
async function killALeaderWhileConsuming(kafkajsPatches: boolean, name: string): Promise<Outcome> {
  const status = await startKafka(config);
  const kafka = createKafka({ clientId: `fetch-failover-${name}`, brokers: status.brokers, logger: silentLogger, kafkajsPatches });
  const admin = kafka.admin();
  // Our producer port, not kafkajs's: as shipped, a send through a leader failover may resolve without writing the
  // dead leader's partitions (kafkajs#1303, produce-failover.cluster.test.ts), which would look like a missed fetch.
  const producer = kafkaJsBus(kafka, silentLogger).producer({ idempotent: true });
  // Our consumers' retry settings (kafkajs-consumer.ts). A crash before the kill (a group joining on a cluster just
  // started) is restarted; one after it stays a crash.
  const groupId = `fetch-failover-${name}-group`;
  let killed = false;
  const consumer: Consumer = kafka.consumer({ groupId, retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000, restartOnFailure: async () => !killed }, maxWaitTimeInMs: 200 });
  try {
    await admin.connect();
    const topic = `fetch-failover-${name}`;
    await createTopicsAndWait(admin, [{ topic, numPartitions: 3, replicationFactor: 3 }]);
    await producer.connect();
    const send = (tag: string) => producer.send(KEYS.map((key) => ({ topic, key, value: `${tag}-${key}` })));
    await send('before');

    let crashed = false;
    consumer.on(consumer.events.CRASH, () => void (crashed ||= killed));
    const seen = new Set<string>();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.add(message.value!.toString('utf8')) });
    await waitFor('the records sent before', () => KEYS.every((key) => seen.has(`before-${key}`)), 60_000, 100);

    const coordinator = await coordinatorOf(kafka, groupId);
    const leaders = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.map((p) => p.leader);
    const victim = leaders.find((leader) => leader !== coordinator);
    if (victim === undefined) throw new Error(`every partition of ${topic} is led by the coordinator ${coordinator}; cannot tell fetch recovery from a coordinator move`);
    killed = true;
    await killNode(config, victim);
    await send('after');
    const received = () => KEYS.filter((key) => seen.has(`after-${key}`)).length;
    // Fencing the dead node takes 3 s (broker.session.timeout.ms); kafkajs's retries as shipped run out within ~6 s.
    await waitFor('the records sent after the kill', () => received() === KEYS.length || crashed, 20_000, 100).catch(() => undefined);
    return { crashed, received: received() };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    await startKafka(config); // the killed node back, for the next case
  }
}

describe('consuming through a leader failover', () => {
  it('as shipped, kafkajs asks the dead leader until its consumer crashes', async () => {
    const outcome = await killALeaderWhileConsuming(false, 'shipped');
    expect(outcome.crashed).toBe(true);
    expect(outcome.received).toBeLessThan(KEYS.length);
  });

  it('patched, the consumer follows the new leaders and reads every record sent after the kill, without crashing', async () => {
    const outcome = await killALeaderWhileConsuming(true, 'patched');
    expect(outcome).toEqual({ crashed: false, received: KEYS.length });
  });
});
