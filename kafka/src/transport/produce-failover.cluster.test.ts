import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTopicsAndWait } from '../admin';
import { createKafka } from '../client';
import { killNode, startKafka, stopKafka } from '../launcher/cluster';
import type { LauncherConfig } from '../launcher/config';
import { silentLogger, type Logger } from '../log';
import { ownBrokerConfig, waitFor } from '../testing';
import { kafkaClientFromEnv } from './bus';
import { kafkaJsBus } from './kafkajs';
import { platformaticBus } from './platformatic';
import type { BusProducer } from './port';

// kafkajs#1303: kafkajs 2.2.4 may resolve a send without writing the partitions of a leader that died
// mid-send. Our producer must never lose a record silently: every send that resolves is readable afterwards.
// On the client KAFKA_CLIENT names (kafkajs by default; docs/kafka-client-trial.md for @platformatic/kafka).

const config: Partial<LauncherConfig> = ownBrokerConfig({
  nodes: 3,
  port: 29692, // brokers 29692/94/96, controllers 29693/95/97
  dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-produce-failover-')),
  heapMb: 384,
});
const TOPIC = 'failover';
const ROUNDS = 2;
const KEYS = Array.from({ length: 24 }, (_, i) => `key-${i}`); // murmur2 spreads these over all three partitions

afterAll(async () => {
  await stopKafka({ ...config, graceMs: 10_000 });
  fs.rmSync(config.dataDir!, { recursive: true, force: true });
});

/** Counts the workaround's warnings, to see that a run actually exercised it. */
function countingLogger(counts: { resends: number }): Logger {
  const logger: Logger = {
    ...silentLogger,
    warn: (msg) => {
      if (msg.includes('kafkajs#1303') || msg.includes('without acknowledging')) counts.resends++;
    },
    child: () => logger,
  };
  return logger;
}

describe('producing through a leader failover', () => {
  it('never resolves a send whose records are not all written (kafkajs#1303)', async () => {
    const status = await startKafka(config);
    const kafka = createKafka({
      clientId: 'produce-failover-test',
      brokers: status.brokers,
      logger: silentLogger,
      // Long enough to outlast fencing the dead node (3 s) and electing new leaders.
      retry: { retries: 12, initialRetryTime: 100, maxRetryTime: 1500 },
    });
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsAndWait(admin, [{ topic: TOPIC, numPartitions: 3, replicationFactor: 3 }]);
    const metadata = async () => (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics[0]!.partitions;

    const counts = { resends: 0 };
    const bus =
      kafkaClientFromEnv(process.env) === 'platformatic'
        ? platformaticBus({ clientId: 'produce-failover-test', brokers: status.brokers }, countingLogger(counts))
        : kafkaJsBus(kafka, countingLogger(counts));
    // An idempotent producer (as EventPublisher uses) and a plain acks=all one (as the rpc client uses).
    const producers = [bus.producer({ idempotent: true }), bus.producer({ acks: -1 })];
    await Promise.all(producers.map((p) => p.connect()));

    const acknowledged = new Set<string>();
    let failedSends = 0;
    let batchNo = 0;
    const sendBatch = async (p: BusProducer, tag: string) => {
      const values = KEYS.map((key) => `${tag}-${batchNo}-${key}`);
      batchNo++;
      try {
        await p.send(KEYS.map((key, i) => ({ topic: TOPIC, key, value: values[i]! })));
        for (const v of values) acknowledged.add(v);
      } catch {
        failedSends++; // A failed send promises nothing; only resolved sends are checked.
      }
    };

    for (let round = 0; round < ROUNDS; round++) {
      const partitions = await metadata();
      // The victim leads some partition and others lead the rest: the response of a surviving leader is
      // what makes kafkajs skip the dead leader's partitions once they move to it.
      const leaders = partitions.map((p) => p.leader);
      const victim = leaders.find((l) => leaders.some((other) => other !== l)) ?? leaders[0]!;
      await Promise.all(producers.map((p, i) => sendBatch(p, `warm${round}p${i}`))); // connections to every leader are open

      // Back-to-back sends, two at a time per producer, so produce requests are in flight when the node dies.
      let sending = true;
      const loops = [0, 1, 2, 3].map(async (loop) => {
        while (sending) await sendBatch(producers[loop % 2]!, `r${round}l${loop}`);
      });
      await sleep(300);
      await killNode(config, victim);
      await sleep(4500); // fencing (broker.session.timeout.ms 3 s) and leader election happen meanwhile
      sending = false;
      await Promise.all(loops);

      // Bring the node back and wait until it is in every ISR again, so the next kill keeps min ISR 2.
      await startKafka(config);
      await waitFor('full ISRs', async () => (await metadata()).every((p) => p.isr.length === 3), 45_000, 250);
    }

    // Every acknowledged record is readable from the beginning.
    const seen = new Set<string>();
    const consumer = bus.consumer({ groupId: 'produce-failover-reader', commit: false });
    await consumer.connect();
    await consumer.subscribe([TOPIC], true);
    await consumer.run({ onBatch: async (batch) => void batch.records.forEach((r) => seen.add(r.value!.toString('utf8'))) });
    await waitFor('every acknowledged record', () => [...acknowledged].every((v) => seen.has(v)), 20_000).catch(() => undefined);
    await consumer.disconnect();
    await Promise.all(producers.map((p) => p.disconnect()));
    await admin.disconnect();

    const lost = [...acknowledged].filter((v) => !seen.has(v));
    if (process.env.PRODUCE_FAILOVER_DEBUG) {
      console.log(JSON.stringify({ acknowledged: acknowledged.size, lost: lost.length, failedSends, resends: counts.resends, batches: batchNo }));
    }
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(lost).toEqual([]);
  });
});
