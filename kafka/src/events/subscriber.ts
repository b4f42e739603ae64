import { randomBytes } from 'node:crypto';
import { contextFromHeaders, type CallContext } from '../context/context';
import { deadLetterRecord, type DeadLetterReason } from '../dead-letter';
import { DecodeError, InvalidOptionError, RetriesExhaustedError } from '../errors';
import { silentLogger, type Logger } from '../log';
import { secondsSince, type KafkaInstrumentation } from '../instrumentation';
import { traceEvent } from '../tracing/messaging';
import type { Tracer } from '../tracing/spans';
import { retry } from '../retry';
import type { BusAdmin, BusConsumer, BusProducer, ConsumerSettings, IncomingBatch, IncomingRecord, MessageBus, PartitionOffset, RecordHeaders } from '../transport/port';
import { parseEnvelope, type EventEnvelope } from './envelope';

/**
 * Where a subscription starts reading.
 * - `committed`: where the group left off (a new group starts at the beginning: the history). Group mode only.
 * - `beginning` / `latest`: the first retained event / only events published after `subscribe` resolves.
 * - `{ timestamp }`: the first event at or after this epoch ms, per partition (replay for analysts).
 * - `{ offsets }`: exact offsets per partition; partitions not listed start at `latest`.
 */
export type StartPosition = 'committed' | 'beginning' | 'latest' | { timestamp: number } | { offsets: PartitionOffset[] };

/**
 * - `group`: instances sharing `groupId` split the partitions (work sharing); progress is committed to the group.
 * - `fanout`: this instance alone sees every event, through a consumer group of its own deleted on close.
 */
export type SubscriptionMode = 'group' | 'fanout';

/**
 * `consumer.commitIntervalMs` for a fanout reader whose repeats are harmless (a projection's ledger skips them, an
 * eviction or a heartbeat read twice changes nothing): its commits only serve a rejoin after a consumer restart,
 * so once a second instead of a broker round trip after every batch, ahead of the next fetch.
 */
export const REPEAT_SAFE_COMMIT_INTERVAL_MS = 1000;

export interface EventContext extends CallContext {
  topic: string;
  partition: number;
  offset: string;
  /** The record's timestamp (epoch ms: when it was produced), the same for every reader. */
  timestamp?: number;
  headers: RecordHeaders;
  /** 1 on first delivery to the handler, then 2, 3… on retries. */
  attempt: number;
}

export type EventHandler<TPayload> = (event: EventEnvelope<TPayload>, context: EventContext) => void | Promise<void>;

export interface SubscribeOptions<TPayload> {
  bus: MessageBus;
  topic: string;
  mode: SubscriptionMode;
  /** Required in `group` mode (e.g. `consumerGroup('notification')`). In `fanout` mode, the prefix of the private group; default `<topic>.fanout`. */
  groupId?: string;
  /** Default `committed` in group mode, `latest` in fanout mode. Group mode with another position resets the group (it must have no live members). */
  from?: StartPosition;
  handler: EventHandler<TPayload>;
  /** Validates the payload; throwing dead-letters the event as undecodable. Default: accept as is. */
  decode?: (payload: unknown) => TPayload;
  /**
   * Called after an event went to `<topic>.DLT` (undecodable or handler-failed), before its offset is marked: a
   * reader that tracks its own position (a projection) moves past it too. Default: nothing.
   */
  onDeadLettered?: (record: { partition: number; offset: string; reason: DeadLetterReason }) => void;
  /**
   * What an event whose handler failed for good (not retriable, or retried in vain) does.
   * - `dead-letter` (default): it goes to `<topic>.DLT` and the subscription moves on (reactions).
   * - `halt`: the subscription stops at it, with nothing after it handled and nothing dead-lettered, and
   *   `onHalted` says which event: for a reader that must never skip one (a store's projection).
   * A record that is no event envelope at all (not JSON, no id or type: nothing any publisher of ours writes) is
   * dead-lettered either way: there is no event in it to skip.
   */
  onFailure?: 'dead-letter' | 'halt';
  /** With `onFailure: 'halt'`: called once, when the subscription stops at an event. */
  onHalted?: (halt: SubscriptionHalt) => void;
  /**
   * Called when the consumer crashed and will not restart by itself: the subscription reads nothing from then on.
   * Default: logged only.
   */
  onCrash?: (error: unknown) => void;
  /**
   * Handler attempts before the event goes to `<topic>.DLT` as `handler-failed`. Default 3. Only a retriable
   * failure is tried again (see `isRetriable`): a handler error with `retriable: false` (a domain error, a
   * `DecodeError`) or a programming error (TypeError…) dead-letters the event after one attempt.
   */
  maxAttempts?: number;
  /** Wait before retry n is `retryBackoffMs * 2^(n-1)`. Default 100 ms. */
  retryBackoffMs?: number;
  /** Partitions handled at once; within one partition events run in offset order. Default 3. */
  partitionsConcurrently?: number;
  /** Session, heartbeat, rebalance and fetch-wait settings. Defaults: see `ConsumerSettings`. */
  consumer?: Omit<ConsumerSettings, 'groupId' | 'commit'>;
  /** Default: silent. */
  logger?: Logger;
  /** Metrics hooks: `eventConsumed` and `deadLettered`. Default none. */
  instrumentation?: KafkaInstrumentation;
  /**
   * Handles each event that belongs to a trace in a CONSUMER span `process <topic>`, child of its `publish` span
   * (see `traceEvent`). Default none: no span.
   */
  tracer?: Tracer;
}

/** Where a halting subscription stopped, and why. */
export interface SubscriptionHalt {
  topic: string;
  partition: number;
  offset: string;
  /** The event's id and type, when its envelope could be read. */
  eventId?: string;
  type?: string;
  reason: DeadLetterReason;
  error: unknown;
}

export interface Subscription {
  readonly groupId: string;
  /** Events handled (successfully or dead-lettered) by this instance. */
  readonly stats: { handled: number; deadLettered: number };
  /**
   * Stops reading: the event in flight finishes, no further one is handled until `resume`, and the consumer stays
   * in its group meanwhile. For a reader that must slow the topic down rather than buffer (a replay to a slow client).
   */
  pause(): void;
  /** Reads on, from the first event not handled. */
  resume(): void;
  /** Finishes the batch in flight, commits it and leaves; a fanout subscription also deletes its group. */
  close(): Promise<void>;
}

async function resolvePositions(admin: BusAdmin, topic: string, from: Exclude<StartPosition, 'committed'>): Promise<PartitionOffset[]> {
  if (from === 'beginning') return admin.boundaryOffsets(topic, 'low');
  if (from === 'latest') return admin.boundaryOffsets(topic, 'high');
  if ('timestamp' in from) return admin.offsetsForTimestamp(topic, from.timestamp);
  const latest = await admin.boundaryOffsets(topic, 'high');
  return latest.map((p) => from.offsets.find((o) => o.partition === p.partition) ?? p);
}

/**
 * How the groups of a fan-out subscription to `topic` begin: `<groupId>.` when the subscriber names one, else
 * `<topic>.fanout.`; the rest is a time and random bytes, new for each subscription. ACLs grant fan-out readers
 * this prefix.
 */
export function fanoutGroupPrefix(topic: string, groupId?: string): string {
  return `${groupId ?? `${topic}.fanout`}.`;
}

/**
 * Subscribes to an event topic, at least once: an event's offset is committed only after its handler
 * returned (or it was dead-lettered). Undecodable events, events whose handler fails in a way no retry can fix
 * and events whose handler keeps failing go to `<topic>.DLT` and the subscription moves on. Resolves once the consumer is assigned and positioned, so
 * every event published after it resolves is seen.
 */
export async function subscribe<TPayload = unknown>(options: SubscribeOptions<TPayload>): Promise<Subscription> {
  const { bus, topic, mode } = options;
  if (mode === 'group' && !options.groupId) throw new InvalidOptionError('groupId', 'group mode needs the group its instances share');
  const from = options.from ?? (mode === 'group' ? 'committed' : 'latest');
  if (mode === 'fanout' && from === 'committed') throw new InvalidOptionError('from', 'a fanout subscription has no committed position; use latest, beginning, a timestamp or offsets');
  const groupId = mode === 'group' ? (options.groupId as string) : `${fanoutGroupPrefix(topic, options.groupId)}${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const logger = (options.logger ?? silentLogger).child({ component: 'event-subscriber', topic, groupId, mode });
  const maxAttempts = options.maxAttempts ?? 3;
  const backoffMs = options.retryBackoffMs ?? 100;

  const admin = await bus.admin();
  let positions: PartitionOffset[] | undefined;
  try {
    if (from !== 'committed') positions = await resolvePositions(admin, topic, from);
    // A group's position is the group's: move it through the coordinator before anyone joins.
    if (positions && mode === 'group') await admin.setGroupOffsets(groupId, topic, positions);
  } catch (error) {
    await admin.disconnect();
    throw error;
  }

  const stats = { handled: 0, deadLettered: 0 };
  const producer: BusProducer = bus.producer({ acks: -1 });
  const consumer: BusConsumer = bus.consumer({ ...options.consumer, groupId, commit: true });

  if (positions && mode === 'fanout') {
    // This group has one member for life, so the first assignment is the only one that must be positioned;
    // a later rejoin resumes from what it committed.
    const pending = new Map(positions.map((p) => [p.partition, p.offset]));
    consumer.onAssignment((assignment) => {
      for (const partition of assignment[topic] ?? []) {
        const offset = pending.get(partition);
        if (offset === undefined) continue;
        consumer.seek(topic, partition, offset);
        pending.delete(partition);
      }
    });
  }

  let halted = false;
  const deadLetter = async (record: IncomingRecord, reason: DeadLetterReason, error: unknown, event?: Pick<EventEnvelope, 'id' | 'type'>) => {
    if (options.onFailure === 'halt' && event) {
      if (halted) return;
      halted = true;
      // Nothing further is read: the record stays unmarked, to be read again when the instance restarts.
      consumer.pause(topic);
      logger.error('subscription halted at an event it cannot handle; nothing after it is read', { partition: record.partition, offset: record.offset, eventId: event?.id, type: event?.type, reason, error });
      options.onHalted?.({ topic, partition: record.partition, offset: record.offset, ...(event ? { eventId: event.id, type: event.type } : {}), reason, error });
      return;
    }
    await producer.send([deadLetterRecord(record, reason, error)]);
    stats.deadLettered++;
    options.instrumentation?.deadLettered?.(record.topic, reason);
    logger.warn('event sent to the dead-letter topic', { partition: record.partition, offset: record.offset, reason, error });
    options.onDeadLettered?.({ partition: record.partition, offset: record.offset, reason });
  };

  const handle = async (record: IncomingRecord) => {
    let event: EventEnvelope<TPayload>;
    try {
      if (record.value === null) throw new Error('the record has no value');
      const parsed = parseEnvelope(record.value.toString('utf8'));
      event = { ...parsed, payload: options.decode ? options.decode(parsed.payload) : (parsed.payload as TPayload) };
    } catch (cause) {
      return deadLetter(record, 'undecodable', new DecodeError(record.topic, record.partition, record.offset, cause instanceof Error ? cause.message : String(cause), cause));
    }
    const base = { ...contextFromHeaders(record.headers), topic: record.topic, partition: record.partition, offset: record.offset, timestamp: record.timestamp, headers: record.headers };
    try {
      const run = () => retry((attempt) => options.handler(event, { ...base, attempt }), {
        retries: maxAttempts - 1,
        backoff: (n) => backoffMs * 2 ** (n - 1),
        onRetry: (error, attempt) => logger.debug('event handler failed; retrying', { offset: record.offset, attempt, error }),
      });
      await (options.tracer ? traceEvent(options.tracer, groupId, record, event.id, base.traceparent, run) : run());
    } catch (error) {
      // Not retriable (thrown at once) or retried in vain: the dead letter names what the handler threw last.
      const failure = error instanceof RetriesExhaustedError ? error.cause : error;
      // A DecodeError from the handler: it found the payload invalid.
      return deadLetter(record, failure instanceof DecodeError ? 'undecodable' : 'handler-failed', failure, event);
    }
  };

  const hooks = options.instrumentation;
  const onBatch = async (batch: IncomingBatch) => {
    for (const record of batch.records) {
      if (batch.isStale() || halted) return;
      if (hooks?.eventConsumed) {
        const started = performance.now();
        const dead = stats.deadLettered;
        await handle(record);
        hooks.eventConsumed(topic, stats.deadLettered === dead ? 'ok' : 'dead-lettered', secondsSince(started));
      } else await handle(record);
      if (halted) return;
      stats.handled++;
      batch.markProcessed(record.offset);
      await batch.heartbeat();
    }
  };

  consumer.onCrash((error) => {
    if (options.onCrash) options.onCrash(error);
  });
  try {
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe([topic], true);
    await consumer.run({ partitionsConcurrently: options.partitionsConcurrently ?? 3, onBatch });
  } catch (error) {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
    throw error;
  }
  logger.info('subscribed', { from });

  let closed = false;
  return {
    groupId,
    stats,
    pause: () => {
      if (!closed) consumer.pause(topic);
    },
    resume: () => {
      if (!closed) consumer.resume(topic);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      // Each part is closed whatever another's close threw; the first failure is reported after.
      const [consumerClosed, producerClosed] = await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
      // A group with a member still in it cannot be deleted: only once the consumer has left.
      if (mode === 'fanout' && consumerClosed.status === 'fulfilled') await admin.deleteGroups([groupId]).catch((error: unknown) => logger.debug('could not delete fanout group', { error }));
      await admin.disconnect();
      for (const closedPart of [consumerClosed, producerClosed]) if (closedPart.status === 'rejected') throw closedPart.reason;
    },
  };
}
