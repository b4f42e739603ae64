import { Partitioners, type Admin, type ICustomPartitioner, type Kafka, type PartitionMetadata, type Producer } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { BrokerUnavailableError } from '../errors';
import type { Logger } from '../log';
import { describePartitions, PartitionMetadataCache, summarize, unacknowledged } from './delivery';
import { fromKafkaJs } from './kafkajs-errors';
import type { BusProducer, OutgoingRecord } from './port';
import { oneSendAtATime } from './one-send-at-a-time';
import { FIRST_RETRY_WAIT_MS, MAX_RETRY_WAIT_MS, retriesWithin } from './retry-schedule';

/** A record with the partition it goes to, decided before kafkajs sees it. */
type AddressedRecord = OutgoingRecord & { partition: number };

function groupByTopic(records: AddressedRecord[]) {
  const byTopic = new Map<string, AddressedRecord[]>();
  for (const r of records) {
    const list = byTopic.get(r.topic);
    if (list) list.push(r);
    else byTopic.set(r.topic, [r]);
  }
  return [...byTopic].map(([topic, list]) => ({
    topic,
    messages: list.map((r) => ({ key: r.key ?? null, value: r.value, partition: r.partition, headers: r.headers })),
  }));
}

/** How often a send re-sends partitions kafkajs left out (kafkajs#1303) before it gives up. */
const MAX_RESENDS = 3;
const RESEND_DELAY_MS = 100;

/**
 * Partition metadata for the producer's own partitioning: loaded through an admin client the first time a
 * topic is produced to without a partition (one metadata round trip per topic and producer), then kept
 * fresh by the kafkajs producer itself, whose partitioner sees its metadata on every send (`observer`).
 */
function partitionMetadataSource(kafka: Kafka) {
  let admin: Admin | undefined;
  let connecting: Promise<Admin> | undefined;
  const connected = (): Promise<Admin> => {
    connecting ??= (async () => {
      const a = kafka.admin();
      admin = a;
      await a.connect();
      return a;
    })().catch((e: unknown) => {
      connecting = undefined;
      throw e;
    });
    return connecting;
  };
  const cache = new PartitionMetadataCache<PartitionMetadata>(async (topic) => {
    const { topics } = await (await connected()).fetchTopicMetadata({ topics: [topic] });
    return topics.find((t) => t.name === topic)?.partitions ?? [];
  });
  /** A kafkajs partitioner that records the metadata kafkajs partitions with. Every record carries its partition, so it just returns it. */
  const observer: ICustomPartitioner = () => {
    const inner = Partitioners.DefaultPartitioner();
    return (args) => {
      cache.observe(args.topic, args.partitionMetadata);
      return inner(args);
    };
  };
  return {
    cache,
    observer,
    disconnect: async () => {
      const a = admin;
      admin = undefined;
      connecting = undefined;
      if (a) await a.disconnect();
    },
  };
}

/**
 * The bus producer over a kafkajs producer, with the kafkajs#1303 workaround: kafkajs 2.2.4's `sendBatch`
 * tracks responses per broker, and when a leader dies mid-send and its partitions move to a broker that had
 * already answered, it never sends them yet resolves. So every record gets its partition here (kafkajs's own
 * Java-compatible default partitioner on cached metadata: no extra round trip per send), and the partitions
 * acknowledged are checked against the partitions sent; records of a missing partition are sent again.
 */
export function producerPort(kafka: Kafka, settings: { idempotent: boolean; acks: -1 | 0 | 1; retryBudgetMs?: number }, logger: Logger): BusProducer {
  const metadata = partitionMetadataSource(kafka);
  const producer: Producer = kafka.producer({
    idempotent: settings.idempotent,
    // Never create topics by producing to them: a typo or a missing responder must fail, not make a topic.
    allowAutoTopicCreation: false,
    // Explicit, so kafkajs does not warn; Java-compatible murmur2 keeps per-key partitions equal across clients.
    createPartitioner: metadata.observer,
    ...(settings.idempotent ? { maxInFlightRequests: 1 } : {}),
    // Tries at most 500 ms apart, as many as fit in the budget (retry-schedule.ts).
    retry: { initialRetryTime: FIRST_RETRY_WAIT_MS, maxRetryTime: MAX_RETRY_WAIT_MS, retries: retriesWithin(settings.retryBudgetMs) },
  });
  const { acks } = settings;
  // Round-robin state for records without a key, as kafkajs keeps it per producer.
  const partitioner = Partitioners.DefaultPartitioner();

  const address = async (records: OutgoingRecord[]): Promise<AddressedRecord[]> => {
    const uncached = new Set(records.filter((r) => r.partition === undefined && !metadata.cache.peek(r.topic)).map((r) => r.topic));
    await Promise.all(
      [...uncached].map(async (topic) => {
        try {
          await metadata.cache.get(topic);
        } catch (e) {
          throw fromKafkaJs(e, 'produce', topic);
        }
      }),
    );
    return records.map((r) => {
      if (r.partition !== undefined) return r as AddressedRecord;
      const partitionMetadata = metadata.cache.peek(r.topic) ?? [];
      // A topic whose metadata lists no partition: kafkajs could not send to it either.
      if (partitionMetadata.length === 0) throw new BrokerUnavailableError('produce', new Error('no partition metadata for the topic'), r.topic);
      return { ...r, partition: partitioner({ topic: r.topic, partitionMetadata, message: { key: r.key ?? null, value: r.value } }) };
    });
  };

  /** One send with its kafkajs#1303 check: partitions missing from the acknowledgements are sent again. */
  const send = async (records: OutgoingRecord[]): Promise<void> => {
    let pending = await address(records);
    for (let resend = 0; ; resend++) {
      const topicMessages = groupByTopic(pending);
      let acknowledged;
      try {
        acknowledged = await producer.sendBatch({ topicMessages, acks });
      } catch (e) {
        // Whatever failed may have been stale metadata (a deleted topic, moved leaders): reload it next time.
        for (const { topic } of topicMessages) metadata.cache.invalidate(topic);
        throw fromKafkaJs(e, 'produce', topicMessages.length === 1 ? topicMessages[0]?.topic : undefined);
      }
      if (acks === 0) return; // No acknowledgements to check.
      const missing = unacknowledged(pending, acknowledged);
      if (missing.length === 0) return;
      const summary = summarize(missing);
      for (const { topic } of summary) metadata.cache.invalidate(topic);
      if (resend === MAX_RESENDS) {
        throw new BrokerUnavailableError(
          'produce',
          new Error(`no acknowledgement for ${describePartitions(summary)} after ${MAX_RESENDS} resends (kafkajs#1303: partitions skipped after a leader change)`),
          summary.length === 1 ? summary[0]?.topic : undefined,
        );
      }
      logger.warn('kafkajs acknowledged a send without writing some partitions (kafkajs#1303); sending their records again', {
        partitions: summary,
        records: missing.length,
        resend: resend + 1,
      });
      await sleep(RESEND_DELAY_MS * (resend + 1));
      pending = missing;
    }
  };
  const sendInOrder = oneSendAtATime(send);

  return {
    connect: async () => {
      try {
        await producer.connect();
      } catch (e) {
        throw fromKafkaJs(e, 'producer connect');
      }
    },
    send: (records) => {
      if (records.length === 0) return Promise.resolve();
      if (!settings.idempotent) return send(records);
      return sendInOrder(records);
    },
    partitionCount: async (topic) => {
      try {
        return (await metadata.cache.get(topic)).length;
      } catch (e) {
        throw fromKafkaJs(e, 'produce', topic);
      }
    },
    partitionOf: async (topic, key) => {
      const [record] = await address([{ topic, key, value: null }]);
      return record!.partition;
    },
    disconnect: async () => {
      await Promise.allSettled([metadata.disconnect()]);
      await producer.disconnect();
    },
  };
}

