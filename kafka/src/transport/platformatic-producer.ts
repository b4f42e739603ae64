import { compatibilityPartitioner, Producer, type MessageToProduce, type RetryDelayGetter } from '@platformatic/kafka';
import { BrokerUnavailableError } from '../errors';
import type { Logger } from '../log';
import { describePartitions, summarize, unacknowledged } from './delivery';
import { baseOptions, type PlatformaticClientOptions } from './platformatic-client';
import { fromPlatformatic } from './platformatic-errors';
import type { BusProducer, OutgoingRecord } from './port';
import { oneSendAtATime } from './one-send-at-a-time';
import { retriesWithin, retryWaitMs } from './retry-schedule';

type Record_ = MessageToProduce<Buffer, Buffer, Buffer, Buffer>;

/** Kafka's Java partitioner on the key's bytes: murmur2, sign bit cleared, modulo the partition count (as kafkajs's default). */
export function javaPartition(key: string, partitionCount: number): number {
  return compatibilityPartitioner(undefined as unknown as Record_, Buffer.from(key, 'utf8')) % partitionCount;
}

/**
 * Retries of a failed produce, as the kafkajs producer does them: at most 500 ms apart, as many as fit in the
 * budget (retry-schedule.ts).
 */
function retryOptions(retryBudgetMs: number | undefined): { retries: number; retryDelay: RetryDelayGetter } {
  return { retries: retriesWithin(retryBudgetMs), retryDelay: (_client, _op, attempt) => retryWaitMs(attempt) };
}

function toMessage(r: OutgoingRecord, partition: number): Record_ {
  const headers = new Map<Buffer, Buffer>();
  for (const [name, value] of Object.entries(r.headers ?? {})) headers.set(Buffer.from(name, 'utf8'), Buffer.from(value, 'utf8'));
  return {
    topic: r.topic,
    partition,
    ...(r.key !== undefined && r.key !== null ? { key: Buffer.from(r.key, 'utf8') } : {}),
    ...(r.value !== null ? { value: typeof r.value === 'string' ? Buffer.from(r.value, 'utf8') : r.value } : {}),
    headers,
  };
}

/**
 * The bus producer over a @platformatic/kafka producer. Every record gets its partition here (Java-compatible
 * murmur2 on the client's metadata: the library's own default partitioner is murmur2 without the sign-bit mask, so a
 * key would land elsewhere than with kafkajs or the Java client), and the partitions acknowledged are checked
 * against those sent, as the kafkajs adapter does for kafkajs#1303: a send that resolves without a partition's
 * acknowledgement fails instead of losing its records silently.
 */
export function platformaticProducerPort(
  client: PlatformaticClientOptions,
  settings: { idempotent: boolean; acks: -1 | 0 | 1; retryBudgetMs?: number },
  logger: Logger,
): BusProducer {
  const producer = new Producer<Buffer, Buffer, Buffer, Buffer>({
    ...baseOptions(client),
    ...retryOptions(settings.retryBudgetMs),
    // The broker's wait for in-sync replicas on acks=all, kafkajs's default.
    timeout: 30000,
    idempotent: settings.idempotent,
    ...(settings.idempotent ? {} : { acks: settings.acks }),
    // Never create topics by producing to them: a typo or a missing responder must fail, not make a topic.
    autocreateTopics: false,
  });
  const roundRobin = new Map<string, number>();

  const partitionCount = async (topic: string): Promise<number> => {
    try {
      const metadata = await producer.metadata({ topics: [topic] });
      const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
      if (count === 0) throw new BrokerUnavailableError('produce', new Error('no partition metadata for the topic'), topic);
      return count;
    } catch (e) {
      throw fromPlatformatic(e, 'produce', topic);
    }
  };

  const address = async (records: OutgoingRecord[]): Promise<Array<OutgoingRecord & { partition: number }>> => {
    const topics = [...new Set(records.filter((r) => r.partition === undefined).map((r) => r.topic))];
    const counts = new Map(await Promise.all(topics.map(async (t) => [t, await partitionCount(t)] as const)));
    return records.map((r) => {
      if (r.partition !== undefined) return r as OutgoingRecord & { partition: number };
      const count = counts.get(r.topic)!;
      if (r.key !== undefined && r.key !== null) return { ...r, partition: javaPartition(r.key, count) };
      const next = roundRobin.get(r.topic) ?? 0;
      roundRobin.set(r.topic, next + 1);
      return { ...r, partition: next % count };
    });
  };

  const send = async (records: OutgoingRecord[]): Promise<void> => {
    const addressed = await address(records);
    let result;
    try {
      result = await producer.send({ messages: addressed.map((r) => toMessage(r, r.partition)), ...(settings.idempotent ? {} : { acks: settings.acks }) });
    } catch (e) {
      const topics = [...new Set(addressed.map((r) => r.topic))];
      throw fromPlatformatic(e, 'produce', topics.length === 1 ? topics[0] : undefined);
    }
    if (settings.acks === 0) return;
    const missing = unacknowledged(addressed, (result.offsets ?? []).map((o) => ({ topicName: o.topic, partition: o.partition })));
    if (missing.length === 0) return;
    const summary = summarize(missing);
    logger.warn('a send resolved without acknowledging some partitions', { partitions: summary, records: missing.length });
    throw new BrokerUnavailableError('produce', new Error(`no acknowledgement for ${describePartitions(summary)}`), summary.length === 1 ? summary[0]?.topic : undefined);
  };
  const sendInOrder = oneSendAtATime(send);

  return {
    connect: async () => {
      try {
        await producer.listApis();
      } catch (e) {
        throw fromPlatformatic(e, 'producer connect');
      }
    },
    send: (records) => {
      if (records.length === 0) return Promise.resolve();
      if (!settings.idempotent) return send(records);
      return sendInOrder(records);
    },
    partitionCount,
    partitionOf: async (topic, key) => javaPartition(key, await partitionCount(topic)),
    disconnect: async () => {
      await producer.close(true);
    },
  };
}
