import type { Admin, ITopicConfig } from 'kafkajs';
import { UnknownTopicError } from './errors';
import type { BusAdmin, PartitionOffset } from './transport/port';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Creates topics and waits until every partition has a leader. kafkajs's own `waitForLeaders` polls metadata
 * and fails on the UNKNOWN_TOPIC_OR_PARTITION a KRaft broker briefly answers for a topic it has just created,
 * so we poll ourselves and treat that answer as "not yet".
 */
export async function createTopicsAndWait(admin: Admin, topics: ITopicConfig[], timeoutMs = 30_000): Promise<void> {
  if (topics.length === 0) return;
  await admin.createTopics({ topics, waitForLeaders: false });
  const names = topics.map((t) => t.topic);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: names });
      if (meta.length === names.length && meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`topics ${names.join(', ')} had no leaders after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * What `work` reads of a topic, or undefined when the topic was deleted since it was listed: a view over every
 * topic of a shared cluster (the console, the dead-letter list, metrics) must not fail because one went away.
 */
export async function unlessVanished<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UnknownTopicError) return undefined;
    throw error;
  }
}

/** A topic's end offsets by the admin's fastest way (`BusAdmin.endOffsets`, else its `high` boundary offsets). */
export function endOffsetsOf(admin: BusAdmin, topic: string): Promise<PartitionOffset[]> {
  return admin.endOffsets ? admin.endOffsets(topic) : admin.boundaryOffsets(topic, 'high');
}
