import { eventTopic, REPEAT_SAFE_COMMIT_INTERVAL_MS, subscribe, type KafkaInstrumentation, type Logger, type MessageBus, type PartitionOffset, type Subscription, type SubscriptionHalt, type Tracer } from '@puchi/kafka';
import { ProjectionHaltedError, ProjectionLagError } from './errors';
import { recordKeyOf } from './idempotency';
import { deadLetteringInvalidPayloads } from './invalid-payloads';
import { applyEvent } from './projections';
import type { DomainServiceDefinition } from './definition';
import { inStoreSpan } from './store-span';
import type { Db } from './store';

/** A store following its event topic. */
export interface RunningProjection {
  /** Events applied while catching up. */
  caughtUp: number;
  /** Where it stopped for good, if it did (see `startProjection`). */
  readonly halt: SubscriptionHalt | undefined;
  /**
   * Resolves once the event `eventId` (just published on the topic) went through the projection, applied now or
   * before. Rejects with `ProjectionLagError` (retriable) at `deadline`, or `ProjectionHaltedError` if it stops.
   */
  applied(eventId: string, deadline: number): Promise<void>;
  /**
   * Resolves once every partition is applied up to (not including) its offset in `targets`: the end offsets of the
   * topic at some moment, so that everything written before it is in the store. `onWait` runs about every second
   * while it waits (a consumer heart-beating). Rejects as `applied` does.
   */
  reached(targets: readonly PartitionOffset[], deadline: number, onWait?: () => Promise<void>): Promise<void>;
  /** Per partition, the offset of the next event to apply. */
  position(): ReadonlyMap<number, bigint>;
  close(): Promise<void>;
}

/** Why a projection stopped: the event it cannot apply. */
export type ProjectionHalt = SubscriptionHalt;

function storedOffsets(db: Db): Map<number, bigint> {
  const rows = db.prepare('SELECT partition, next_offset FROM projection_offsets').all() as { partition: number; next_offset: string }[];
  return new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
}

/** Something waiting for the projection: settled by the handler, by its deadline, or by a halt. */
class Waiter {
  private timer?: NodeJS.Timeout;
  private ticker?: NodeJS.Timeout;
  readonly promise: Promise<void>;
  private settle!: (error?: Error) => void;

  constructor(deadline: number, lag: () => Error, private readonly release: (w: Waiter) => void, onWait?: () => Promise<void>) {
    this.promise = new Promise<void>((resolve, reject) => (this.settle = (error) => (error ? reject(error) : resolve())));
    if (Number.isFinite(deadline)) this.timer = setTimeout(() => this.done(lag()), Math.max(0, deadline - Date.now()));
    if (onWait) this.ticker = setInterval(() => void onWait().catch(() => undefined), 1000);
  }

  done(error?: Error): void {
    clearTimeout(this.timer);
    clearInterval(this.ticker);
    this.release(this);
    this.settle(error);
  }
}

/**
 * Keeps a domain's store a projection of its event topic, on every instance, in topic order: the only path by
 * which anything reaches the store (an instance's own `emit` waits for it, see `applied`). It first catches up from
 * where the store stands (a new or deleted store: from the beginning of the topic's history) to the end of the topic
 * as it was at start, then keeps tailing it. Each event is applied once (the `applied_events` ledger) in the same
 * transaction that records its offset, through the projection of its type (`definition.projections`); a type with
 * none is only recorded.
 *
 * It never skips an event: one it cannot apply (a payload its projection refuses, a write that keeps failing)
 * stops it there, `onHalt` says which, and nothing after it is applied until the cause
 * is fixed and the instance restarts. Skipping would leave this store different from the topic for good. A
 * record that is no event envelope at all (garbage no publisher of ours writes) goes to `<domain>-events.DLT` and
 * the projection steps past it: there is no event in it to lose.
 */
export async function startProjection(
  definition: DomainServiceDefinition,
  bus: MessageBus,
  db: Db,
  logger: Logger,
  options: { instrumentation?: KafkaInstrumentation; tracer?: Tracer; onHalt?: (halt: ProjectionHalt) => void; onCrash?: (error: unknown) => void } = {},
): Promise<RunningProjection> {
  const { instrumentation, tracer } = options;
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
  const position = new Map<number, bigint>();
  for (const low of lows) {
    const own = stored.get(low.partition);
    position.set(low.partition, own !== undefined && own > BigInt(low.offset) ? own : BigInt(low.offset));
  }

  // Waiting for an event id (an instance's own emit), and for offsets (restoration), settled by the handler.
  const byEvent = new Map<string, Set<Waiter>>();
  const byOffsets = new Map<Waiter, readonly PartitionOffset[]>();
  let halt: ProjectionHalt | undefined;
  const isAt = (targets: readonly PartitionOffset[]) => targets.every((t) => (position.get(t.partition) ?? 0n) >= BigInt(t.offset));
  const everyWaiter = () => [...byOffsets.keys(), ...[...byEvent.values()].flatMap((set) => [...set])];

  const startAt = [...position].map(([partition, offset]) => ({ partition, offset: offset.toString() }));
  const atStart = highs.filter((h) => BigInt(h.offset) > (position.get(h.partition) ?? 0n));
  const saveOffset = db.prepare('INSERT INTO projection_offsets (partition, next_offset) VALUES (?, ?) ON CONFLICT (partition) DO UPDATE SET next_offset = excluded.next_offset');
  let caughtUp = 0;
  let restoring = atStart.length > 0;
  const appliedEvent = db.prepare('SELECT 1 AS applied FROM applied_events WHERE event_id = ?');

  const subscription: Subscription = await subscribe({
    bus,
    topic,
    mode: 'fanout',
    from: { offsets: startAt },
    logger,
    instrumentation,
    tracer,
    partitionsConcurrently: 1,
    // The store keeps its own offsets; the group's only serve a rejoin after a consumer restart, whose repeats the
    // ledger skips. Once a second, not a broker round trip after every batch ahead of the next fetch (on the path of
    // every write, whose reply waits for this projection).
    consumer: { commitIntervalMs: REPEAT_SAFE_COMMIT_INTERVAL_MS },
    onFailure: 'halt',
    onHalted: (stopped) => {
      halt = stopped;
      for (const w of everyWaiter()) w.done(new ProjectionHaltedError(definition.domain, stopped));
      options.onHalt?.(stopped);
    },
    onCrash: options.onCrash,
    // A record that is no event at all went to the DLT: step past it, or restoration would wait for it forever.
    onDeadLettered: ({ partition, offset }) => {
      const next = BigInt(offset) + 1n;
      saveOffset.run(partition, next.toString());
      position.set(partition, next);
      for (const [w, targets] of byOffsets) if (isAt(targets)) w.done();
    },
    // A payload its projection refuses halts it as `undecodable` (not `handler-failed`), and is not retried.
    handler: deadLetteringInvalidPayloads((event, context) => {
      const next = BigInt(context.offset) + 1n;
      // Read again after a rejoin (the group's commit lags the store's): the ledger skips it, and the position
      // stays where it was.
      if (next <= (position.get(context.partition) ?? 0n)) return;
      const transaction = db.transaction(() => {
        applyEvent(definition.projections, db, event);
        // An event of a keyed write: its key is known to every instance from the moment its effect is.
        recordKeyOf(db, context.headers, event, context.timestamp ?? Date.now());
        saveOffset.run(context.partition, next.toString());
      });
      if (tracer) inStoreSpan(tracer, definition.domain, event, transaction);
      else transaction();
      position.set(context.partition, next);
      if (restoring) caughtUp++;
      for (const w of byEvent.get(event.id) ?? []) w.done();
      for (const [w, targets] of byOffsets) if (isAt(targets)) w.done();
    }),
  });

  const untilAt = (targets: readonly PartitionOffset[], deadline: number, onWait?: () => Promise<void>): Promise<void> => {
    if (halt) return Promise.reject(new ProjectionHaltedError(definition.domain, halt));
    if (isAt(targets)) return Promise.resolve();
    const waiter = new Waiter(deadline, () => new ProjectionLagError(definition.domain, 'the end of its event topic'), (w) => byOffsets.delete(w), onWait);
    byOffsets.set(waiter, targets);
    return waiter.promise;
  };
  const running: RunningProjection = {
    caughtUp: 0,
    get halt() {
      return halt;
    },
    applied: (eventId, deadline) => {
      if (halt) return Promise.reject(new ProjectionHaltedError(definition.domain, halt));
      // From the ledger check to the registration nothing can run: the handler cannot slip in between.
      if (appliedEvent.get(eventId) !== undefined) return Promise.resolve();
      const set = byEvent.get(eventId) ?? new Set<Waiter>();
      byEvent.set(eventId, set);
      const waiter = new Waiter(deadline, () => new ProjectionLagError(definition.domain, `event ${eventId}`), (w) => {
        set.delete(w);
        if (set.size === 0) byEvent.delete(eventId);
      });
      set.add(waiter);
      return waiter.promise;
    },
    reached: untilAt,
    position: () => position,
    close: async () => {
      for (const w of everyWaiter()) w.done(new ProjectionHaltedError(definition.domain, undefined));
      await subscription.close();
    },
  };
  // Catching up: no deadline but the halt (which leaves the instance live, unready, and saying which event).
  await untilAt(atStart, Infinity);
  restoring = false;
  running.caughtUp = caughtUp;
  if (caughtUp > 0) logger.info('store caught up with its event topic', { topic, events: caughtUp });
  return running;
}
