import {
  AssignerProtocol,
  Partitioners,
  type Admin,
  type Consumer,
  type ICustomPartitioner,
  type IHeaders,
  type Kafka,
  type PartitionMetadata,
  type Producer,
} from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTopicsAndWait } from '../admin';
import { createKafka } from '../client';
import { BrokerUnavailableError, GroupActiveError } from '../errors';
import { silentLogger, type Logger } from '../log';
import { describePartitions, PartitionMetadataCache, summarize, unacknowledged } from './delivery';
import { fromKafkaJs } from './kafkajs-errors';
import type {
  Assignment,
  BusAdmin,
  BusConsumer,
  BusProducer,
  ConsumerRun,
  ConsumerSettings,
  IncomingRecord,
  MessageBus,
  OutgoingRecord,
  PartitionOffset,
  ProducerSettings,
  RecordHeaders,
} from './port';

function decodeHeaders(headers: IHeaders | undefined): RecordHeaders {
  const out: RecordHeaders = {};
  if (!headers) return out;
  for (const [name, raw] of Object.entries(headers)) {
    // A header repeated on the wire arrives as an array; the last one wins, as in NestJS's parser.
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) out[name] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return out;
}

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
function producerPort(kafka: Kafka, settings: { idempotent: boolean; acks: -1 | 0 | 1 }, logger: Logger): BusProducer {
  const metadata = partitionMetadataSource(kafka);
  const producer: Producer = kafka.producer({
    idempotent: settings.idempotent,
    // Never create topics by producing to them: a typo or a missing responder must fail, not make a topic.
    allowAutoTopicCreation: false,
    // Explicit, so kafkajs does not warn; Java-compatible murmur2 keeps per-key partitions equal across clients.
    createPartitioner: metadata.observer,
    ...(settings.idempotent ? { maxInFlightRequests: 1 } : {}),
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
  let serial: Promise<unknown> = Promise.resolve();

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
      // kafkajs#1005: concurrent sends on an idempotent kafkajs producer can reuse sequence numbers (a failed
      // request gives its numbers back although another send took the next ones), and the broker then drops a
      // later batch as a "duplicate" while acknowledging it. One send at a time keeps the numbers honest.
      const run = serial.then(() => send(records));
      serial = run.catch(() => undefined);
      return run;
    },
    disconnect: async () => {
      await Promise.allSettled([metadata.disconnect()]);
      await producer.disconnect();
    },
  };
}

/**
 * Commits are ours, not kafkajs's: kafkajs 2.2.4 commits after every `eachBatch` whatever
 * `autoCommitInterval` says (runner.js `autoCommitOffsets`), and a commit blocks the member's next fetch.
 */
function committer(consumer: Consumer, settings: ConsumerSettings, logger: Logger) {
  const marked = new Map<string, { topic: string; partition: number; offset: string }>();
  let running: Promise<void> | undefined;
  const commit = async (): Promise<void> => {
    if (running) await running; // single flight: a commit never overtakes an earlier one
    if (marked.size === 0) return;
    // Kafka's committed offset is the next one to read.
    const offsets = [...marked.values()].map((m) => ({ topic: m.topic, partition: m.partition, offset: (BigInt(m.offset) + 1n).toString() }));
    marked.clear();
    running = consumer
      .commitOffsets(offsets)
      .catch((error: unknown) => logger.warn('offset commit failed; the records will be redelivered', { groupId: settings.groupId, error }))
      .finally(() => (running = undefined));
    await running;
  };
  return {
    mark: (topic: string, partition: number, offset: string) => void marked.set(`${topic}:${partition}`, { topic, partition, offset }),
    /** A new generation resumes from the group's commits; older marks may be for partitions now elsewhere. */
    forget: () => marked.clear(),
    commit,
  };
}

function consumerPort(consumer: Consumer, settings: ConsumerSettings, logger: Logger): BusConsumer {
  const assignmentListeners: ((a: Assignment) => void)[] = [];
  const crashListeners: ((e: unknown) => void)[] = [];
  const commits = committer(consumer, settings, logger);
  const committing = settings.commit ?? true;
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    commits.forget();
    for (const listener of assignmentListeners) listener(payload.memberAssignment);
  });
  // Commit what is done before partitions move, so their next owner does not redo it.
  consumer.on(consumer.events.REBALANCING, () => void (committing && commits.commit()));
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    logger.error('consumer crashed', { groupId: settings.groupId, error: payload.error, restart: payload.restart });
    if (!payload.restart) for (const listener of crashListeners) listener(payload.error);
  });
  return {
    connect: () => consumer.connect(),
    subscribe: (topics, fromBeginning) => consumer.subscribe({ topics, fromBeginning }),
    run: async (options: ConsumerRun) => {
      const joined = new Promise<Assignment>((resolve) => assignmentListeners.push(resolve));
      if (committing && settings.commitIntervalMs !== undefined) {
        timer = setInterval(() => void commits.commit(), settings.commitIntervalMs);
        timer.unref();
      }
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConcurrently ?? 1,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isStale, isRunning }) => {
          // Once disconnecting, leave records unmarked: the partition's next owner handles them.
          if (stopping) return;
          const records: IncomingRecord[] = batch.messages.map((m) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key ? m.key.toString('utf8') : null,
            value: m.value,
            headers: decodeHeaders(m.headers),
            timestamp: Number(m.timestamp),
          }));
          const work = options.onBatch({
            topic: batch.topic,
            partition: batch.partition,
            records,
            isStale: () => isStale() || !isRunning(),
            markProcessed: (offset) => {
              resolveOffset(offset); // moves kafkajs's fetch position
              if (committing) commits.mark(batch.topic, batch.partition, offset);
            },
            heartbeat,
          });
          inFlight.add(work);
          try {
            await work;
          } finally {
            inFlight.delete(work);
          }
          if (committing && settings.commitIntervalMs === undefined) await commits.commit();
        },
      });
      return joined;
    },
    onAssignment: (listener) => assignmentListeners.push(listener),
    onCrash: (listener) => crashListeners.push(listener),
    seek: (topic, partition, offset) => consumer.seek({ topic, partition, offset }),
    disconnect: async () => {
      stopping = true;
      if (timer) clearInterval(timer);
      await Promise.allSettled([...inFlight]);
      if (committing) await commits.commit();
      await consumer.disconnect();
    },
  };
}

const INACTIVE_GROUP_STATES = new Set(['Empty', 'Dead']);

async function adminPort(kafka: Kafka): Promise<BusAdmin> {
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (e) {
    throw fromKafkaJs(e, 'admin connect');
  }
  const call = async <T>(operation: string, topic: string | undefined, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw fromKafkaJs(e, operation, topic);
    }
  };
  // Reads are safe to repeat. Right after a topic is created (or a leader moves) a broker briefly answers
  // NOT_LEADER_OR_FOLLOWER to ListOffsets, and kafkajs's admin passes that straight through.
  const read = async <T>(operation: string, topic: string | undefined, fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call(operation, topic, fn);
      } catch (error) {
        if (!(error instanceof BrokerUnavailableError) || attempt >= 6) throw error;
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  };
  const port: BusAdmin = {
    partitions: (topic) =>
      read('fetch topic metadata', topic, async () => {
        // listTopics first: metadata for a missing topic would make kafkajs retry for seconds before failing.
        if (!(await admin.listTopics()).includes(topic)) return undefined;
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        return topics[0]?.partitions.map((p) => p.partitionId).sort((a, b) => a - b);
      }),
    listTopics: () => call('list topics', undefined, () => admin.listTopics()),
    createTopic: (topic, numPartitions, configs = {}) =>
      call('create topic', topic, async () => {
        await createTopicsAndWait(admin, [
          { topic, numPartitions, replicationFactor: -1, configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) },
        ]);
      }),
    deleteTopics: (topics) => call('delete topics', undefined, async () => (topics.length ? admin.deleteTopics({ topics }) : undefined)),
    hasSubscribedMember: (topic) =>
      call('describe groups', topic, async () => {
        const { groups } = await admin.listGroups();
        const ids = groups.filter((g) => g.protocolType === 'consumer').map((g) => g.groupId);
        if (ids.length === 0) return false;
        const described = await admin.describeGroups(ids);
        for (const group of described.groups) {
          for (const member of group.members) {
            try {
              const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
              if (!metadata || metadata.topics.includes(topic)) return true;
            } catch {
              return true; // An assignor we cannot read: assume it may be a responder rather than fail fast wrongly.
            }
          }
        }
        return false;
      }),
    offsetsForTimestamp: (topic, timestamp) =>
      read('fetch offsets by timestamp', topic, async () =>
        (await admin.fetchTopicOffsetsByTimestamp(topic, timestamp)).map((p) => ({ partition: p.partition, offset: p.offset })),
      ),
    boundaryOffsets: (topic, which) =>
      read('fetch topic offsets', topic, async () =>
        (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: which === 'low' ? p.low : p.high })),
      ),
    setGroupOffsets: (groupId, topic, offsets: PartitionOffset[]) =>
      call('set group offsets', topic, async () => {
        const { groups } = await admin.describeGroups([groupId]);
        const state = groups[0]?.state;
        if (state && !INACTIVE_GROUP_STATES.has(state)) throw new GroupActiveError(groupId);
        await admin.setOffsets({ groupId, topic, partitions: offsets });
      }),
    inactiveGroups: (groupIds) =>
      call('describe groups', undefined, async () => {
        if (groupIds.length === 0) return [];
        const { groups } = await admin.describeGroups(groupIds);
        return groups.filter((g) => INACTIVE_GROUP_STATES.has(g.state)).map((g) => g.groupId);
      }),
    deleteGroups: (groupIds) =>
      call('delete groups', undefined, async () => {
        if (groupIds.length) await admin.deleteGroups(groupIds);
      }),
    groupStatus: (groupId) =>
      read('describe group', undefined, async () => {
        const [{ groups }, committed] = await Promise.all([admin.describeGroups([groupId]), admin.fetchOffsets({ groupId })]);
        const group = groups[0];
        let lag = 0;
        for (const { topic, partitions } of committed) {
          const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
          for (const p of partitions) {
            const end = ends.get(p.partition);
            if (end !== undefined && p.offset !== '-1') lag += Number(end > BigInt(p.offset) ? end - BigInt(p.offset) : 0n);
          }
        }
        return {
          groupId,
          state: group?.state ?? 'Dead',
          members: (group?.members ?? []).map((m) => ({ clientId: m.clientId, host: m.clientHost })),
          lag,
        };
      }),
    disconnect: () => admin.disconnect(),
  };
  return port;
}

/** The `MessageBus` over one kafkajs client. */
export function kafkaJsBus(kafka: Kafka, logger: Logger = silentLogger): MessageBus {
  return {
    producer: (settings: ProducerSettings = {}) => {
      const idempotent = settings.idempotent ?? false;
      const acks = idempotent ? -1 : (settings.acks ?? -1);
      return producerPort(kafka, { idempotent, acks }, logger);
    },
    consumer: (settings: ConsumerSettings) =>
      consumerPort(
        kafka.consumer({
          groupId: settings.groupId,
          sessionTimeout: settings.sessionTimeoutMs ?? 6000,
          heartbeatInterval: settings.heartbeatIntervalMs ?? 1000,
          rebalanceTimeout: settings.rebalanceTimeoutMs ?? 10000,
          maxWaitTimeInMs: settings.maxWaitTimeMs ?? 20,
          minBytes: 1,
          allowAutoTopicCreation: false,
        }),
        settings,
        logger,
      ),
    admin: () => adminPort(kafka),
  };
}

export interface CreateBusOptions {
  /** Shows up in broker logs and group member ids. */
  clientId: string;
  /** Default: `KAFKA_BROKERS` or the local broker (see `brokersFromEnv`). */
  brokers?: string[];
  /** Default: a silent logger. */
  logger?: Logger;
}

/** A bus on a fresh kafkajs client built with the project's defaults (`createKafka`). */
export function createBus(options: CreateBusOptions): MessageBus {
  const logger = options.logger ?? silentLogger;
  const kafka = createKafka({ clientId: options.clientId, logger, ...(options.brokers ? { brokers: options.brokers } : {}) });
  return kafkaJsBus(kafka, logger);
}
