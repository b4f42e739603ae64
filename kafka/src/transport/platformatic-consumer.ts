import { Consumer, IS_CONTROL, type ConsumerGroupJoinPayload, type FetchOptions, type GroupAssignment, type RetryDelayGetter } from '@platformatic/kafka';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log';
import { baseOptions, type PlatformaticClientOptions } from './platformatic-client';
import { CO_PARTITIONED, coPartitionedAssignment } from './platformatic-assigner';
import { fromPlatformatic, offsetOutOfRange, retriable, unknownTopic } from './platformatic-errors';
import type { Assignment, BusConsumer, ConsumerRun, ConsumerSettings, IncomingRecord, RecordHeaders } from './port';

/** Tries of a subscribe to a topic the broker does not know yet, this far apart: about 5 s in all (as the kafkajs adapter). */
const SUBSCRIBE_ATTEMPTS = 17;
const SUBSCRIBE_RETRY_MS = 300;
/** Wait after a failed fetch, offset lookup or batch before trying again (kafkajs's restart delay). */
const RETRY_MS = 300;
/** kafkajs's defaults: 1 MiB per partition, 10 MiB per fetch. */
const PARTITION_MAX_BYTES = 1_048_576;
const FETCH_MAX_BYTES = 10_485_760;
const EARLIEST = -2n;
const LATEST = -1n;

type FetchRequestTopic = FetchOptions<Buffer, Buffer, Buffer, Buffer>['topics'][number];
type FetchResponse = Awaited<ReturnType<Consumer<Buffer, Buffer, Buffer, Buffer>['fetch']>>;

const keyOf = (topic: string, partition: number) => `${topic}:${partition}`;

const retryDelay: RetryDelayGetter = (_client, _operation, attempt) => Math.min(3000, 300 * 2 ** Math.max(0, attempt - 1));

function decodeHeaders(headers: [Buffer | null, Buffer | null][]): RecordHeaders {
  const out: RecordHeaders = {};
  // A header repeated on the wire: the last one wins, as in NestJS's parser and the kafkajs adapter.
  for (const [name, value] of headers) if (name && value) out[name.toString('utf8')] = value.toString('utf8');
  return out;
}

/** A semaphore: at most `permits` batch handlers at once across all partitions (`partitionsConcurrently`). */
function limiter(permits: number) {
  let free = permits;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

/** Marked offsets and their commits: single flight, as the kafkajs adapter's `committer`. */
function committer(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>, groupId: string, logger: Logger) {
  const marked = new Map<string, { topic: string; partition: number; offset: string }>();
  let running: Promise<void> | undefined;
  const commit = async (): Promise<void> => {
    if (running) await running;
    if (marked.size === 0) return;
    // Kafka's committed offset is the next one to read.
    const offsets = [...marked.values()].map((m) => ({ topic: m.topic, partition: m.partition, offset: BigInt(m.offset) + 1n, leaderEpoch: -1 }));
    marked.clear();
    running = consumer
      .commit({ offsets })
      .catch((error: unknown) => logger.warn('offset commit failed; the records will be redelivered', { groupId, error }))
      .finally(() => (running = undefined));
    await running;
  };
  return {
    mark: (topic: string, partition: number, offset: string) => void marked.set(keyOf(topic, partition), { topic, partition, offset }),
    forget: () => marked.clear(),
    forgetPartition: (topic: string, partition: number) => void marked.delete(keyOf(topic, partition)),
    commit,
  };
}

/**
 * Our `BusConsumer` over @platformatic/kafka's group membership (JoinGroup, SyncGroup and heartbeats: the library's)
 * with a fetch loop of our own on its `fetch` API. The library's own `MessagesStream` pauses a whole consumer, cannot
 * seek, hands out records one by one and keeps fetching while a rebalance is under way; the port needs per-topic
 * pause, seeks made in `onAssignment`, batches per partition that turn stale, and the next fetch from the first
 * record not marked (as kafkajs does with `eachBatchAutoResolve: false`).
 */
export function platformaticConsumerPort(client: PlatformaticClientOptions, settings: ConsumerSettings, logger: Logger): BusConsumer {
  const { groupId } = settings;
  const instance = typeof settings.assignment === 'object' ? settings.assignment.coPartitioned : undefined;
  const maxWaitTime = settings.maxWaitTimeMs ?? 500;
  const sessionTimeout = settings.sessionTimeoutMs ?? 6000;
  const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
    ...baseOptions(client),
    groupId,
    retries: 5,
    retryDelay,
    sessionTimeout,
    heartbeatInterval: settings.heartbeatIntervalMs ?? 1000,
    // The library refuses a rebalance timeout below the session timeout (Kafka does not): raised to it.
    rebalanceTimeout: Math.max(settings.rebalanceTimeoutMs ?? 10000, sessionTimeout),
    maxWaitTime,
    minBytes: 1,
    maxBytes: FETCH_MAX_BYTES,
    autocommit: false,
    // Co-partitioned: one protocol, our assigner (the library runs `partitionAssigner` whatever protocol the group picked).
    ...(instance !== undefined
      ? { protocols: [{ name: CO_PARTITIONED, version: 0, metadata: Buffer.from(instance, 'utf8') }], partitionAssigner: coPartitionedAssignment }
      : {}),
  });
  const committing = settings.commit ?? true;
  const commits = committer(consumer, groupId, logger);
  const assignmentListeners: ((a: Assignment) => void)[] = [];
  const crashListeners: ((e: unknown) => void)[] = [];

  let topics: string[] = [];
  let fromBeginning = false;
  let assignment: Assignment = {};
  /** Next offset to fetch per partition; absent until known (committed, reset or seeked). */
  const positions = new Map<string, bigint>();
  /** Bumped when partitions may have moved (a rebalance starts, a generation is joined) and on disconnect: batches of an older one are stale. */
  let generation = 0;
  /** Bumped per partition by `seek`, per topic by `pause`/`resume`: that partition's or topic's batches in flight are stale. */
  const seeks = new Map<string, number>();
  const pauses = new Map<string, number>();
  const paused = new Set<string>();
  let rebalancing = false;
  let started = false;
  let stopping = false;
  let crashed = false;
  const inflightNodes = new Set<number>();
  /** Partitions whose batch is being handled: never fetched again before it is done (a moved leader could otherwise). */
  const busy = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let limit = limiter(1);
  let runOptions: ConsumerRun | undefined;

  const crash = (error: unknown) => {
    if (stopping || crashed) return;
    crashed = true;
    logger.error('consumer crashed for good', { groupId, error });
    for (const listener of crashListeners) listener(error);
  };

  /** Joins (or rejoins) the group until it succeeds, the consumer stops, or the failure is not retriable (a crash). */
  const join = async (): Promise<void> => {
    for (let attempt = 1; !stopping; attempt++) {
      try {
        await consumer.joinGroup({});
        return;
      } catch (error) {
        if (stopping) return;
        if (!retriable(error)) return crash(fromPlatformatic(error, 'join group'));
        logger.warn('joining the consumer group failed; trying again', { groupId, attempt, error });
        await sleep(Math.min(5000, RETRY_MS * attempt));
      }
    }
  };

  /** Where each newly assigned partition starts: a seek made in `onAssignment`, else the group's commit, else earliest or latest. */
  const resolvePositions = async (gen: number): Promise<void> => {
    const wanted: GroupAssignment[] = Object.entries(assignment).map(([topic, partitions]) => ({ topic, partitions: partitions.filter((p) => !positions.has(keyOf(topic, p))) }));
    const missing = wanted.filter((w) => w.partitions.length > 0);
    if (missing.length === 0) return;
    for (let attempt = 1; gen === generation && !stopping; attempt++) {
      try {
        const committed = await consumer.listCommittedOffsets({ topics: missing });
        const reset: Record<string, number[]> = {};
        for (const { topic, partitions } of missing) {
          for (const p of partitions) {
            const offset = committed.get(topic)?.[p];
            if (offset !== undefined && offset >= 0n) {
              if (gen === generation && !positions.has(keyOf(topic, p))) positions.set(keyOf(topic, p), offset);
            } else (reset[topic] ??= []).push(p);
          }
        }
        if (Object.keys(reset).length > 0) await resetPositions(reset, gen);
        return;
      } catch (error) {
        if (gen !== generation || stopping) return;
        logger.warn('reading committed offsets failed; trying again', { groupId, attempt, error });
        await sleep(RETRY_MS);
      }
    }
  };

  /** Moves partitions without a usable position to the earliest or latest offset (`fromBeginning`, Kafka's `auto.offset.reset`). */
  const resetPositions = async (partitions: Record<string, number[]>, gen: number, force = false): Promise<void> => {
    const offsets = await consumer.listOffsets({ topics: Object.keys(partitions), partitions, timestamp: fromBeginning ? EARLIEST : LATEST });
    if (gen !== generation) return;
    for (const [topic, list] of Object.entries(partitions)) {
      for (const p of list) {
        const offset = offsets.get(topic)?.[p];
        if (offset !== undefined && (force || !positions.has(keyOf(topic, p)))) positions.set(keyOf(topic, p), offset);
      }
    }
  };

  const onJoin = (payload: ConsumerGroupJoinPayload) => {
    generation++;
    rebalancing = false;
    commits.forget();
    positions.clear();
    const next: Assignment = {};
    for (const { topic, partitions } of payload.assignments ?? []) next[topic] = [...partitions].sort((a, b) => a - b);
    assignment = next;
    // Before this generation's first fetch: a seek made by a listener is where fetching starts.
    for (const listener of assignmentListeners) listener(assignment);
    const gen = generation;
    void resolvePositions(gen).then(() => {
      if (gen === generation) pump();
    });
  };

  const onRebalance = () => {
    if (rebalancing || !started) return;
    rebalancing = true;
    generation++; // batches in flight are stale: their partitions may be about to move
    // Commit what is done before partitions move, so their next owner does not redo it.
    if (committing) void commits.commit();
  };

  const handleBatch = async (topic: string, partition: number, records: IncomingRecord[], gen: number): Promise<void> => {
    const key = keyOf(topic, partition);
    const seekEpoch = seeks.get(key) ?? 0;
    const pauseEpoch = pauses.get(topic) ?? 0;
    const revokedOrSeeked = () => gen !== generation || (seeks.get(key) ?? 0) !== seekEpoch;
    const work = runOptions!.onBatch({
      topic,
      partition,
      records,
      // Paused mid-batch: the handler stops at its next record, and what it did not mark is fetched on resume.
      isStale: () => revokedOrSeeked() || paused.has(topic) || (pauses.get(topic) ?? 0) !== pauseEpoch,
      markProcessed: (offset) => {
        // A revoked partition's marks would overwrite its new owner's commits; a seeked one starts elsewhere.
        if (revokedOrSeeked()) return;
        positions.set(key, BigInt(offset) + 1n);
        if (committing) commits.mark(topic, partition, offset);
      },
      heartbeat: () => Promise.resolve(), // the library heartbeats on its own timer
    });
    inFlight.add(work);
    try {
      await work;
    } catch (error) {
      // kafkajs restarts the consumer after a failed batch; here the batch is fetched again from its first unmarked record.
      logger.warn('a batch handler failed; fetching the batch again', { groupId, topic, partition, error });
      await sleep(RETRY_MS);
    } finally {
      inFlight.delete(work);
    }
    if (committing && settings.commitIntervalMs === undefined) await commits.commit();
  };

  /** Hands one fetch response's records to the handler, a batch per partition. */
  const deliver = async (response: FetchResponse, names: Map<string, string>, requested: Map<string, bigint>, gen: number): Promise<void> => {
    const batches: Promise<void>[] = [];
    for (const topicResponse of response.responses) {
      const topic = names.get(topicResponse.topicId) ?? topicResponse.topicId;
      for (const { partitionIndex: partition, records: recordBatches } of topicResponse.partitions) {
        const key = keyOf(topic, partition);
        const from = requested.get(key);
        if (from === undefined || !recordBatches || recordBatches.length === 0) continue;
        // Paused or seeked while the fetch was under way: what it brought is fetched again on resume, or from the seek.
        if (paused.has(topic) || positions.get(key) !== from) continue;
        const records: IncomingRecord[] = [];
        let last = from - 1n;
        for (const batch of recordBatches) {
          last = batch.firstOffset + BigInt(batch.lastOffsetDelta);
          if (batch.attributes & IS_CONTROL) continue;
          for (const record of batch.records) {
            const offset = batch.firstOffset + BigInt(record.offsetDelta);
            if (offset < from) continue;
            records.push({
              topic,
              partition,
              offset: offset.toString(),
              key: record.key ? record.key.toString('utf8') : null,
              value: record.value ?? null,
              headers: decodeHeaders(record.headers),
              timestamp: Number(batch.firstTimestamp + record.timestampDelta),
            });
          }
        }
        if (records.length === 0) {
          // Only transaction markers or compacted gaps: step over them, unless the position moved meanwhile.
          if (gen === generation && positions.get(key) === from && last >= from) positions.set(key, last + 1n);
          continue;
        }
        busy.add(key);
        batches.push(limit(() => handleBatch(topic, partition, records, gen)).finally(() => busy.delete(key)));
      }
    }
    await Promise.all(batches);
  };

  /** One fetch from one broker for the partitions it leads, then their batches; then the next fetch. */
  const fetchFrom = async (node: number, request: FetchRequestTopic[], names: Map<string, string>, requested: Map<string, bigint>, gen: number): Promise<void> => {
    try {
      const response = await consumer.fetch({ node, topics: request, maxWaitTime, minBytes: 1, maxBytes: FETCH_MAX_BYTES });
      if (stopping || gen !== generation) return;
      await deliver(response, names, requested, gen);
    } catch (error) {
      if (stopping) return;
      if (offsetOutOfRange(error)) {
        // Records deleted by retention (or a truncated log) under the position: start again where Kafka's reset says.
        const partitions: Record<string, number[]> = {};
        for (const key of requested.keys()) {
          const cut = key.lastIndexOf(':');
          (partitions[key.slice(0, cut)] ??= []).push(Number(key.slice(cut + 1)));
        }
        logger.warn('fetch position out of range; resetting it', { groupId, partitions, fromBeginning });
        await resetPositions(partitions, gen, true).catch((e: unknown) => logger.warn('resetting positions failed', { groupId, error: e }));
      } else {
        logger.warn('fetch failed; trying again', { groupId, node, error });
        consumer.clearMetadata();
        await sleep(RETRY_MS);
      }
    } finally {
      inflightNodes.delete(node);
    }
    pump();
  };

  /** Starts a fetch on every broker leading a partition this member should read and has no fetch under way. */
  const pump = (): void => {
    if (!started || stopping || crashed || rebalancing) return;
    const gen = generation;
    const readable = Object.entries(assignment).filter(([topic]) => !paused.has(topic));
    if (readable.length === 0) return;
    consumer.metadata({ topics: readable.map(([topic]) => topic) }).then(
      (metadata) => {
        if (gen !== generation || stopping) return;
        const byNode = new Map<number, { request: FetchRequestTopic[]; names: Map<string, string>; requested: Map<string, bigint> }>();
        for (const [topic, partitions] of readable) {
          if (paused.has(topic)) continue;
          const topicMetadata = metadata.topics.get(topic);
          if (!topicMetadata) continue;
          for (const partition of partitions) {
            const key = keyOf(topic, partition);
            const position = positions.get(key);
            const leader = topicMetadata.partitions[partition]?.leader;
            if (position === undefined || leader === undefined || leader < 0 || busy.has(key) || inflightNodes.has(leader)) continue;
            let entry = byNode.get(leader);
            if (!entry) byNode.set(leader, (entry = { request: [], names: new Map(), requested: new Map() }));
            entry.names.set(topicMetadata.id, topic);
            entry.requested.set(key, position);
            let topicRequest = entry.request.find((t) => t.topicId === topicMetadata.id);
            if (!topicRequest) entry.request.push((topicRequest = { topicId: topicMetadata.id, partitions: [] }));
            topicRequest.partitions.push({ partition, fetchOffset: position, partitionMaxBytes: PARTITION_MAX_BYTES, currentLeaderEpoch: -1, lastFetchedEpoch: -1 });
          }
        }
        for (const [node, { request, names, requested }] of byNode) {
          inflightNodes.add(node);
          void fetchFrom(node, request, names, requested, gen);
        }
      },
      async (error: unknown) => {
        if (stopping) return;
        logger.warn(unknownTopic(error) ? 'a subscribed topic is missing from the metadata; trying again' : 'reading metadata failed; trying again', { groupId, error });
        consumer.clearMetadata();
        await sleep(RETRY_MS);
        pump();
      },
    );
  };

  consumer.on('consumer:group:join', onJoin);
  consumer.on('consumer:group:rebalance', onRebalance);
  // The library emits a failed rejoin (after a heartbeat found the group rebalancing) as 'error' and stops heartbeating.
  consumer.on('error', (error: unknown) => {
    if (stopping || crashed) return;
    logger.warn('consumer group membership lost; joining again', { groupId, error });
    rebalancing = true;
    generation++;
    void join();
  });

  return {
    connect: async () => {
      try {
        await consumer.listApis();
      } catch (e) {
        throw fromPlatformatic(e, 'consumer connect');
      }
    },
    subscribe: async (list, beginning) => {
      // A topic created a moment ago may be unknown yet to the broker asked (see the kafkajs adapter).
      for (let attempt = 1; ; attempt++) {
        try {
          await consumer.metadata({ topics: list, forceUpdate: attempt > 1 });
          break;
        } catch (error) {
          if (!unknownTopic(error) || attempt >= SUBSCRIBE_ATTEMPTS) throw fromPlatformatic(error, 'subscribe', list.length === 1 ? list[0] : undefined);
          logger.debug('subscribing to a topic the broker does not know yet; trying again', { topics: list, attempt });
          await sleep(SUBSCRIBE_RETRY_MS);
        }
      }
      topics = [...new Set([...topics, ...list])];
      fromBeginning = beginning;
      for (const topic of list) consumer.topics.track(topic);
    },
    run: async (options: ConsumerRun) => {
      runOptions = options;
      limit = limiter(Math.max(1, options.partitionsConcurrently ?? 1));
      const joined = new Promise<Assignment>((resolve) => assignmentListeners.push(resolve));
      if (committing && settings.commitIntervalMs !== undefined) {
        timer = setInterval(() => void commits.commit(), settings.commitIntervalMs);
        timer.unref();
      }
      started = true;
      if (topics.length === 0) throw new Error('subscribe before run');
      await join();
      if (crashed) throw new Error(`consumer group ${groupId} could not be joined`);
      return joined;
    },
    onAssignment: (listener) => assignmentListeners.push(listener),
    onCrash: (listener) => crashListeners.push(listener),
    seek: (topic, partition, offset) => {
      const key = keyOf(topic, partition);
      seeks.set(key, (seeks.get(key) ?? 0) + 1);
      positions.set(key, BigInt(offset));
      commits.forgetPartition(topic, partition);
      pump();
    },
    pause: (topic) => {
      paused.add(topic);
      pauses.set(topic, (pauses.get(topic) ?? 0) + 1);
    },
    resume: (topic) => {
      if (!paused.delete(topic)) return;
      pauses.set(topic, (pauses.get(topic) ?? 0) + 1);
      pump();
    },
    disconnect: async () => {
      if (stopping) return;
      stopping = true;
      if (timer) clearInterval(timer);
      try {
        await Promise.allSettled([...inFlight]);
        if (committing) await commits.commit();
      } finally {
        generation++;
        await consumer.close().catch((error: unknown) => logger.warn('closing the consumer failed', { groupId, error }));
      }
    },
  };
}
