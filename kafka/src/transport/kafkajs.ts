import { AssignerProtocol, Partitioners, type Consumer, type IHeaders, type Kafka, type Producer } from 'kafkajs';
import { createTopicsAndWait } from '../admin';
import { createKafka } from '../client';
import { GroupActiveError } from '../errors';
import { silentLogger, type Logger } from '../log';
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

function groupByTopic(records: OutgoingRecord[]) {
  const byTopic = new Map<string, OutgoingRecord[]>();
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

function producerPort(producer: Producer, acks: -1 | 0 | 1): BusProducer {
  return {
    connect: async () => {
      try {
        await producer.connect();
      } catch (e) {
        throw fromKafkaJs(e, 'producer connect');
      }
    },
    send: async (records) => {
      if (records.length === 0) return;
      const topicMessages = groupByTopic(records);
      try {
        await producer.sendBatch({ topicMessages, acks });
      } catch (e) {
        throw fromKafkaJs(e, 'produce', topicMessages.length === 1 ? topicMessages[0]?.topic : undefined);
      }
    },
    disconnect: () => producer.disconnect(),
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
  const port: BusAdmin = {
    partitions: (topic) =>
      call('fetch topic metadata', topic, async () => {
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
      call('fetch offsets by timestamp', topic, async () =>
        (await admin.fetchTopicOffsetsByTimestamp(topic, timestamp)).map((p) => ({ partition: p.partition, offset: p.offset })),
      ),
    boundaryOffsets: (topic, which) =>
      call('fetch topic offsets', topic, async () =>
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
      const producer = kafka.producer({
        idempotent,
        // Never create topics by producing to them: a typo or a missing responder must fail, not make a topic.
        allowAutoTopicCreation: false,
        // Explicit, so kafkajs does not warn; Java-compatible murmur2 keeps per-key partitions equal across clients.
        createPartitioner: Partitioners.DefaultPartitioner,
        ...(idempotent ? { maxInFlightRequests: 1 } : {}),
      });
      return producerPort(producer, acks);
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
