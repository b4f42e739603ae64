import { brokersFromEnv } from '../client';
import { uniqueName } from '../testing/names';
import { waitFor } from '../testing/wait';
import { createBus } from './bus';
import type { IncomingRecord, MessageBus } from './port';

/**
 * Integration-test helpers on our bus port (names and polling come from `../testing`). Every suite makes
 * its own uniquely named topics and groups, so suites never see each other's records, and removes them.
 */
export function testBus(clientId = uniqueName('test')): MessageBus {
  // The test harness reads the environment: global setup puts the suite's broker in KAFKA_BROKERS.
  // eslint-disable-next-line no-restricted-properties -- test harness
  return createBus({ clientId, brokers: brokersFromEnv(process.env) });
}

/** Creates topics (and their `.DLT`s when asked) and returns a cleanup that deletes them. */
export async function createTestTopics(
  bus: MessageBus,
  topics: { name: string; partitions?: number; withDeadLetter?: boolean }[],
): Promise<() => Promise<void>> {
  const admin = await bus.admin();
  const names: string[] = [];
  try {
    for (const t of topics) {
      await admin.createTopic(t.name, t.partitions ?? 1);
      names.push(t.name);
      if (t.withDeadLetter) {
        await admin.createTopic(`${t.name}.DLT`, 1);
        names.push(`${t.name}.DLT`);
      }
    }
  } finally {
    await admin.disconnect();
  }
  return async () => {
    const cleaner = await bus.admin();
    await cleaner.deleteTopics(names).catch(() => undefined);
    await cleaner.disconnect();
  };
}

/** Fast group settings for tests where members join and leave: a rebalance completes in about a second. */
export const FAST_GROUP = { sessionTimeoutMs: 6000, heartbeatIntervalMs: 300, rebalanceTimeoutMs: 3000, maxWaitTimeMs: 20 } as const;

/** Reads the first `count` records of `topic` from the beginning (a throwaway group), then stops. */
export async function readRecords(bus: MessageBus, topic: string, count: number, timeoutMs = 10_000): Promise<IncomingRecord[]> {
  const groupId = uniqueName('reader');
  const consumer = bus.consumer({ groupId, commit: false, maxWaitTimeMs: 20 });
  const records: IncomingRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe([topic], true);
    await consumer.run({ onBatch: async (batch) => void records.push(...batch.records) });
    await waitFor(`${count} records on ${topic}`, () => records.length >= count, timeoutMs);
    return records.slice(0, count);
  } finally {
    await consumer.disconnect();
    const admin = await bus.admin();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
