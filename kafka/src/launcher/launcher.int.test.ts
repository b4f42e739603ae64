import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { createTopicsAndWait } from '../admin';
import { createKafka } from '../client';
import { silentLogger } from '../log';
import { ownBrokerConfig, uniqueName } from '../testing';
import { BrokerExitedError, PortInUseError } from './errors';
import { kafkaStatus, startKafka, stopKafka } from './cluster';
import type { LauncherConfig } from './config';

// A broker of its own, apart from the suite's shared test broker, because this suite stops and wipes it.
const config: Partial<LauncherConfig> = ownBrokerConfig({
  port: 29192,
  dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-launcher-')),
  heapMb: 256,
});
const brokers = () => [`127.0.0.1:${config.port}`];

async function produce(topic: string, value: string): Promise<void> {
  const kafka = createKafka({ clientId: 'launcher-test', brokers: brokers(), logger: silentLogger });
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsAndWait(admin, [{ topic, numPartitions: 1, replicationFactor: 1 }]);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value }] });
  await producer.disconnect();
}

async function topicValues(topic: string): Promise<string[] | 'no-topic'> {
  const kafka = createKafka({ clientId: 'launcher-test', brokers: brokers(), logger: silentLogger });
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 'no-topic';
    const offsets = await admin.fetchTopicOffsets(topic);
    const end = Number(offsets[0]?.high ?? 0);
    if (end === 0) return [];
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId: uniqueName('launcher-read'), maxWaitTimeInMs: 50 });
  const values: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value?.toString() ?? '');
        resolve();
      },
    });
  });
  await consumer.disconnect();
  return values;
}

afterAll(async () => {
  await stopKafka(config);
  fs.rmSync(config.dataDir!, { recursive: true, force: true });
});

describe('local Kafka launcher', () => {
  it('keeps topics and messages across stop and start, and --fresh wipes them', async () => {
    await startKafka(config);
    expect(kafkaStatus(config).running).toBe(true);
    await produce('kept', 'hello');

    await stopKafka(config);
    expect(kafkaStatus(config).running).toBe(false);

    await startKafka(config);
    expect(await topicValues('kept')).toEqual(['hello']);

    await startKafka({ ...config, fresh: true });
    expect(await topicValues('kept')).toBe('no-topic');
  });

  it('refuses a port another process holds, naming the fix', async () => {
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(29292, '127.0.0.1', resolve));
    const blocked: Partial<LauncherConfig> = { ...config, port: 29292, dataDir: path.join(config.dataDir!, 'blocked') };
    try {
      const err = await startKafka(blocked).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PortInUseError);
      expect((err as PortInUseError).port).toBe(29292);
      expect((err as PortInUseError).fix).toMatch(/--port|KAFKA_PORT/);
    } finally {
      other.close();
    }
  });

  it('reports a broker that exits during start-up with the end of its log', async () => {
    const broken: Partial<LauncherConfig> = {
      ...config,
      port: 29392,
      dataDir: path.join(config.dataDir!, 'broken'),
      // The JVM refuses a 1 MiB heap at once: a broker that dies before it ever listens.
      heapMb: 1,
    };
    const err = await startKafka(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrokerExitedError);
    expect((err as BrokerExitedError).message).toMatch(/heap/i);
    expect(kafkaStatus(broken).running).toBe(false);
  });
});
