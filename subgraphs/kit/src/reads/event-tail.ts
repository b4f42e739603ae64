import { endOffsetsOf, REPEAT_SAFE_COMMIT_INTERVAL_MS, subscribe, type BusAdmin, type EventEnvelope, type EventContext, type Logger, type MessageBus, type PartitionOffset, type Subscription } from '@puchi/kafka';

/**
 * The gateway's reader of the event topics that evict cached answers: one fan-out consumer per topic, from the
 * topics' ends at start, tracking per partition the next offset it has not handled yet.
 *
 * `caughtUp(arrival)` is the cache's consistency check. A cached answer may be served to a request only once every
 * event written before the request arrived has been handled here (and so has evicted what it changed): the check
 * reads the topics' end offsets, from a read sent after the request's arrival, and waits until the positions reach
 * them. Such reads are shared by every request that arrived before they were sent, so under load one round trip
 * to the broker serves many requests.
 */
export interface EventTail {
  /**
   * True once every event of `topics` written before `arrival` (a `Clock` tick) was handled; false if that takes
   * over `maxWaitMs`, reading the end offsets included.
   */
  caughtUp(arrival: number, topics: readonly string[]): Promise<boolean>;
  close(): Promise<void>;
}

/** Ticks ordering request arrivals and sends in this process (never equal, unlike milliseconds). */
export class Clock {
  private tick = 0;
  now(): number {
    return ++this.tick;
  }
}

export interface EventTailOptions {
  bus: MessageBus;
  topics: readonly string[];
  clock: Clock;
  /** Called for each event, in topic-partition order. */
  onEvent(event: EventEnvelope, context: EventContext): void;
  /** How long a request waits for the tail before being served without the cache. */
  maxWaitMs: number;
  /** A topic's consumer crashed for good: the tail no longer sees every event, so nothing it evicts can be trusted. */
  onCrash?(error: unknown): void;
  logger: Logger;
}

type Ends = (PartitionOffset & { topic: string })[];

interface EndsRead {
  sentAt: number;
  ends: Promise<Ends>;
  settled: boolean;
}

export async function startEventTail(options: EventTailOptions): Promise<EventTail> {
  const { bus, topics, clock, logger } = options;
  const admin: BusAdmin = await bus.admin();
  const position = new Map<string, bigint>();
  const at = (topic: string, partition: number) => `${topic}\0${partition}`;
  const waiters = new Set<{ targets: (PartitionOffset & { topic: string })[]; done: () => void }>();
  const reached = (targets: readonly (PartitionOffset & { topic: string })[]) => targets.every((t) => (position.get(at(t.topic, t.partition)) ?? -1n) >= BigInt(t.offset));
  const advance = (topic: string, partition: number, offset: string) => {
    position.set(at(topic, partition), BigInt(offset) + 1n);
    for (const w of waiters) if (reached(w.targets)) w.done();
  };

  const subscriptions: Subscription[] = [];
  try {
    for (const topic of topics) {
      const ends = await admin.boundaryOffsets(topic, 'high');
      for (const end of ends) position.set(at(topic, end.partition), BigInt(end.offset));
      subscriptions.push(
        await subscribe({
          bus,
          topic,
          mode: 'fanout',
          groupId: `gateway.cache.${topic}`,
          from: { offsets: ends },
          logger,
          partitionsConcurrently: 1,
          // Its commits only serve a rejoin after a consumer restart, which may evict again what it evicted: once a
          // second, not a broker round trip after every batch read (each write's events cost the gateway that much).
          consumer: { commitIntervalMs: REPEAT_SAFE_COMMIT_INTERVAL_MS },
          handler: (event, context) => {
            options.onEvent(event, context);
            advance(context.topic, context.partition, context.offset);
          },
          // What is no event cannot change an answer; stepping past it keeps the positions moving.
          onDeadLettered: ({ partition, offset }) => advance(topic, partition, offset),
          onCrash: (error) => options.onCrash?.(error),
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled([...subscriptions.map((s) => s.close()), admin.disconnect()]);
    throw error;
  }

  // Per topic, the last read of its end offsets: shared by every request that arrived before it was sent. While it is
  // in flight, requests that arrived after it was sent share the next one, sent once it settles: at most one read in
  // flight per topic, one per round trip under load instead of one per request (a closed loop of cached reads spent a
  // fifth of the gateway's CPU writing them).
  const latest = new Map<string, EndsRead>();
  const queued = new Map<string, Promise<Ends>>();
  let closed = false;
  const send = (topic: string): EndsRead => {
    queued.delete(topic);
    const read: EndsRead = { sentAt: clock.now(), settled: false, ends: endOffsetsOf(admin, topic).then((ends) => ends.map((p) => ({ topic, ...p }))) };
    latest.set(topic, read);
    read.ends.then(
      () => (read.settled = true),
      () => {
        read.settled = true;
        // A failed read is not reused.
        if (latest.get(topic) === read) latest.delete(topic);
      },
    );
    return read;
  };
  const endsAfter = (arrival: number, topic: string): Promise<Ends> => {
    const last = latest.get(topic);
    if (last && last.sentAt > arrival) return last.ends;
    if (!last || last.settled) return send(topic).ends;
    let next = queued.get(topic);
    if (!next) {
      const settled = () => undefined;
      next = last.ends.then(settled, settled).then(() => send(topic).ends);
      queued.set(topic, next);
    }
    return next;
  };

  return {
    // The whole check, the end-offsets read included, within maxWaitMs: a read stuck on a broker that went away
    // (kafkajs retries it for many seconds) must not hold the request; it is answered without the cache.
    caughtUp: (arrival, of) =>
      new Promise<boolean>((resolve) => {
        if (closed) return resolve(false);
        const waiter = { targets: [] as (PartitionOffset & { topic: string })[], done: () => finish(true) };
        const timer = setTimeout(() => finish(false), options.maxWaitMs);
        let settled = false;
        function finish(ok: boolean) {
          settled = true;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(ok);
        }
        Promise.all(of.map((topic) => endsAfter(arrival, topic))).then(
          (ends) => {
            if (settled) return;
            waiter.targets = ends.flat();
            if (reached(waiter.targets)) finish(true);
            else waiters.add(waiter);
          },
          (error: unknown) => {
            if (settled) return;
            logger.warn('entity cache: end offsets unreadable, answering without the cache', { error });
            finish(false);
          },
        );
      }),
    close: async () => {
      closed = true;
      for (const w of waiters) w.done();
      await Promise.allSettled([...subscriptions.map((s) => s.close()), admin.disconnect()]);
    },
  };
}
