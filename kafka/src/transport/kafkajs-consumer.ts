import { PartitionAssigners, type Consumer, type ConsumerRunConfig, type IHeaders, type Kafka } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log';
import { coPartitionedAssigner } from './co-partitioned-assigner';
import { unknownTopic } from './kafkajs-errors';

/** Tries of a subscribe to a topic the broker does not know yet, this far apart: about 5 s in all. */
const SUBSCRIBE_ATTEMPTS = 17;
const SUBSCRIBE_RETRY_MS = 300;
import type { Assignment, BusConsumer, ConsumerRun, ConsumerSettings, IncomingRecord, RecordHeaders } from './port';

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

/** kafkajs's own wait before restarting a crashed consumer, when the error names none. */
const DEFAULT_RESTART_DELAY_MS = 300;
/**
 * The longest wait before a restart. kafkajs names its last backoff, which grows to many seconds; a consumer that
 * crashed because a broker died (its retries spent on the dead leader) rejoins on fresh metadata, and every second
 * it waits is a second its partitions are read by nobody (`npm run chaos -- --broker-kill` saw 8-11 s).
 */
const MAX_RESTART_DELAY_MS = 1000;

/**
 * Restarts after a crash are ours, not kafkajs's. kafkajs 2.2.4 decides to restart after its own internal
 * disconnect, so a `disconnect()` that races with a crash is followed by a restart anyway; and a `disconnect()`
 * made while a restart is joining the group finds no running runner, returns, and the join then starts
 * fetching for a consumer nobody owns. Once the broker was gone, such a consumer crashed and restarted forever
 * on a timer, and Jest never exited after the cluster suite (issue 16). Here a restart is a promise we hold:
 * `disconnect()` cancels the one waiting and lets the one joining finish before stopping it.
 */
function restarts(logger: Logger, groupId: string) {
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let joining: Promise<void> | undefined;
  const scheduled = new WeakSet<object>();
  return {
    /** kafkajs's `retry.restartOnFailure`: called for retriable crashes only; we restart, kafkajs never does. */
    restartOnFailure: (consumer: () => Consumer, config: () => ConsumerRunConfig) => async (error: Error) => {
      if (stopping) return false;
      scheduled.add(error);
      const delayMs = Math.min((error as { retryTime?: number }).retryTime ?? DEFAULT_RESTART_DELAY_MS, MAX_RESTART_DELAY_MS);
      logger.warn('consumer crashed; restarting', { groupId, delayMs, error });
      timer = setTimeout(() => {
        timer = undefined;
        if (stopping) return;
        // run() resolves once the restarted member has joined (or crashed again, which schedules the next try).
        joining = consumer()
          .run(config())
          .catch((e: unknown) => logger.error('consumer restart failed', { groupId, error: e }))
          .finally(() => (joining = undefined));
      }, delayMs);
      return false;
    },
    /** True when the crash that raised `error` was followed by a restart. */
    restarting: (error: unknown) => typeof error === 'object' && error !== null && scheduled.has(error),
    /** No restart after this; resolves when none is joining. */
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await joining;
    },
  };
}

/**
 * The consumers of this process connected and not yet disconnected, by group id: what a test's teardown finds still
 * open was left running by whoever made it (test/leak-closing-environment.js lists and closes them). On `globalThis`,
 * so that a Jest environment reaches the one its test file's modules use.
 */
const OPEN_CONSUMERS = Symbol.for('puchi.openConsumers');
type OpenConsumers = Map<BusConsumer, string>;
function openConsumers(): OpenConsumers {
  const holder = globalThis as { [OPEN_CONSUMERS]?: OpenConsumers };
  return (holder[OPEN_CONSUMERS] ??= new Map());
}

/** Our `BusConsumer` over a kafkajs consumer, with commits (see `committer`) and restarts (see `restarts`) of our own. */
export function consumerPort(kafka: Kafka, settings: ConsumerSettings, logger: Logger): BusConsumer {
  let runConfig: ConsumerRunConfig | undefined;
  const restart = restarts(logger, settings.groupId);
  const consumer: Consumer = kafka.consumer({
    groupId: settings.groupId,
    sessionTimeout: settings.sessionTimeoutMs ?? 6000,
    heartbeatInterval: settings.heartbeatIntervalMs ?? 1000,
    rebalanceTimeout: settings.rebalanceTimeoutMs ?? 10000,
    maxWaitTimeInMs: settings.maxWaitTimeMs ?? 500,
    // Round-robin second: while members of an older release (round-robin only) remain, the group agrees on it.
    ...(typeof settings.assignment === 'object' ? { partitionAssigners: [coPartitionedAssigner(settings.assignment.coPartitioned), PartitionAssigners.roundRobin] } : {}),
    minBytes: 1,
    allowAutoTopicCreation: false,
    // kafkajs's number of retries, with shorter waits (its own grow to 30 s; these add up to about 2.5 s before the
    // consumer crashes and is restarted on fresh metadata), and our restart decision.
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000, restartOnFailure: restart.restartOnFailure(() => consumer, () => runConfig!) },
  });
  const assignmentListeners: ((a: Assignment) => void)[] = [];
  const crashListeners: ((e: unknown) => void)[] = [];
  const commits = committer(consumer, settings, logger);
  const committing = settings.commit ?? true;
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  /** Topics paused through the port, kept here because kafkajs keeps them in a consumer group that a restart replaces. */
  const paused = new Set<string>();
  /**
   * Whether kafkajs has a consumer group to pause: from a join until it stops. kafkajs throws on `pause` without
   * one (before `run`, between a crash and its restart); a pause asked for meanwhile is applied at the next join.
   */
  let joined = false;

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    joined = true;
    commits.forget();
    // Before this generation's first fetch: a paused topic is not read again after a restart or rejoin.
    if (paused.size > 0) consumer.pause([...paused].map((topic) => ({ topic })));
    for (const listener of assignmentListeners) listener(payload.memberAssignment);
  });
  consumer.on(consumer.events.STOP, () => (joined = false));
  // Commit what is done before partitions move, so their next owner does not redo it.
  consumer.on(consumer.events.REBALANCING, () => void (committing && commits.commit()));
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (restart.restarting(payload.error) || stopping) return;
    logger.error('consumer crashed for good', { groupId: settings.groupId, error: payload.error });
    // kafkajs disconnected it on the way here: nothing of it is left open.
    openConsumers().delete(port);
    for (const listener of crashListeners) listener(payload.error);
  });
  const port: BusConsumer = {
    connect: async () => {
      openConsumers().set(port, settings.groupId);
      await consumer.connect();
    },
    subscribe: async (topics, fromBeginning) => {
      // A topic created a moment ago may be unknown yet to the broker asked (metadata reaches every broker of a
      // cluster within a second or so): a gateway once failed to start on a fresh 3-node cluster for it.
      for (let attempt = 1; ; attempt++) {
        try {
          return await consumer.subscribe({ topics, fromBeginning });
        } catch (error) {
          if (!unknownTopic(error) || attempt >= SUBSCRIBE_ATTEMPTS) throw error;
          logger.debug('subscribing to a topic the broker does not know yet; trying again', { topics, attempt });
          await sleep(SUBSCRIBE_RETRY_MS);
        }
      }
    },
    run: async (options: ConsumerRun) => {
      const joined = new Promise<Assignment>((resolve) => assignmentListeners.push(resolve));
      if (committing && settings.commitIntervalMs !== undefined) {
        timer = setInterval(() => void commits.commit(), settings.commitIntervalMs);
        timer.unref();
      }
      runConfig = {
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
            // Paused mid-batch: the handler stops at its next record, and what it did not mark is fetched on resume.
            isStale: () => isStale() || !isRunning() || paused.has(batch.topic),
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
      };
      await consumer.run(runConfig);
      return joined;
    },
    onAssignment: (listener) => assignmentListeners.push(listener),
    onCrash: (listener) => crashListeners.push(listener),
    seek: (topic, partition, offset) => consumer.seek({ topic, partition, offset }),
    // Topic-wide, not per assigned partition: kafkajs then also skips partitions this member is assigned later.
    pause: (topic) => {
      paused.add(topic);
      if (joined) consumer.pause([{ topic }]);
    },
    resume: (topic) => {
      paused.delete(topic);
      if (joined) consumer.resume([{ topic }]);
    },
    disconnect: async () => {
      stopping = true;
      if (timer) clearInterval(timer);
      // A commit that fails (its broker gone) must not leave the consumer connected: it would crash and retry
      // against the next broker on its own, holding the process open.
      try {
        await restart.stop();
        await Promise.allSettled([...inFlight]);
        if (committing) await commits.commit();
      } finally {
        await consumer.disconnect();
        openConsumers().delete(port);
      }
    },
  };
  return port;
}

