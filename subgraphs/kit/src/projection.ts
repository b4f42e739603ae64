import { eventTopic, subscribe, type KafkaInstrumentation, type Logger, type MessageBus, type PartitionOffset, type Subscription, type Tracer } from '@puchi/kafka';
import { deadLetteringInvalidPayloads } from './invalid-payloads';
import { applyEvent } from './projections';
import type { DomainServiceDefinition } from './definition';
import { inStoreSpan } from './store-span';
import type { Db } from './store';

/** Catching up gives up waiting after this long without progress (an event the subscriber dead-lettered never arrives). */
const IDLE_MS = 30_000;

/** A store following its event topic. */
export interface RunningProjection {
  /** Events applied while catching up. */
  caughtUp: number;
  close(): Promise<void>;
}

function storedOffsets(db: Db): Map<number, bigint> {
  const rows = db.prepare('SELECT partition, next_offset FROM projection_offsets').all() as { partition: number; next_offset: string }[];
  return new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
}

/**
 * Keeps a domain's store a projection of its event topic. It first catches up from where the store stands
 * (a new or deleted store: from the beginning of the topic's history) to the end of the topic as it was at
 * start, then keeps tailing it, so events emitted by other instances of the service reach this store too.
 * Each event is applied once (the `applied_events` ledger) in the same transaction that records its offset,
 * through the projection of its type (`definition.projections`); a type with none is only recorded. A payload
 * that does not match its type's schema is not retried: it goes to `<domain>-events.DLT` as undecodable and
 * the projection steps past it.
 */
export async function startProjection(definition: DomainServiceDefinition, bus: MessageBus, db: Db, logger: Logger, instrumentation?: KafkaInstrumentation, tracer?: Tracer): Promise<RunningProjection> {
  const topic = eventTopic(definition.domain);
  const admin = await bus.admin();
  let lows: PartitionOffset[];
  let highs: PartitionOffset[];
  try {
    [lows, highs] = await Promise.all([admin.boundaryOffsets(topic, 'low'), admin.boundaryOffsets(topic, 'high')]);
  } finally {
    await admin.disconnect();
  }
  const stored = storedOffsets(db);
  // Retention may have deleted what the store last read: start at the oldest event still there.
  const start = lows.map((low) => {
    const own = stored.get(low.partition);
    return { partition: low.partition, offset: (own !== undefined && own > BigInt(low.offset) ? own : BigInt(low.offset)).toString() };
  });
  const behind = new Map<number, bigint>();
  for (const high of highs) {
    const from = BigInt(start.find((s) => s.partition === high.partition)?.offset ?? '0');
    if (BigInt(high.offset) > from) behind.set(high.partition, BigInt(high.offset));
  }

  const saveOffset = db.prepare('INSERT INTO projection_offsets (partition, next_offset) VALUES (?, ?) ON CONFLICT (partition) DO UPDATE SET next_offset = excluded.next_offset');
  let caughtUp = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  if (behind.size === 0) done();
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    if (behind.size === 0) return;
    idle = setTimeout(() => {
      logger.warn('projection stopped waiting for events it could not read', { topic, partitions: [...behind.keys()] });
      behind.clear();
      done();
    }, IDLE_MS);
  };
  armIdle();
  const advance = (partition: number, next: bigint) => {
    const target = behind.get(partition);
    if (target === undefined) return;
    if (next >= target) behind.delete(partition);
    if (behind.size === 0) done();
    armIdle();
  };

  const subscription: Subscription = await subscribe({
    bus,
    topic,
    mode: 'fanout',
    from: { offsets: start },
    logger,
    instrumentation,
    tracer,
    partitionsConcurrently: 1,
    handler: deadLetteringInvalidPayloads((event, context) => {
      const next = BigInt(context.offset) + 1n;
      const transaction = db.transaction(() => {
        applyEvent(definition.projections, db, event);
        saveOffset.run(context.partition, next.toString());
      });
      if (tracer) inStoreSpan(tracer, definition.domain, event, transaction);
      else transaction();
      if (behind.has(context.partition)) caughtUp++;
      advance(context.partition, next);
    }),
    // A poison record on the topic went to its DLT: step past it, or catching up would wait IDLE_MS for an
    // event that never comes (and every restart would dead-letter it again).
    onDeadLettered: ({ partition, offset }) => {
      const next = BigInt(offset) + 1n;
      saveOffset.run(partition, next.toString());
      advance(partition, next);
    },
  });
  await finished;
  clearTimeout(idle);
  if (caughtUp > 0) logger.info('store caught up with its event topic', { topic, events: caughtUp });
  return { caughtUp, close: () => subscription.close() };
}
