import type { BusAdmin, BusConsumer, BusProducer, ConsumerRun, IncomingRecord, MessageBus, OutgoingRecord } from '../transport/port';

/** What the in-memory consumer was told, for tests to poll. */
export interface InMemoryConsumerState {
  /** Topics paused now. */
  readonly paused: ReadonlySet<string>;
  /** `pause` and `resume` calls so far. */
  readonly pauses: number;
  readonly resumes: number;
  /** Disconnected since it last connected. */
  readonly disconnected: boolean;
}

export interface InMemoryBus {
  bus: MessageBus;
  /** Everything produced through the bus (dead letters, replies, events). */
  produced: OutgoingRecord[];
  /** Hands one record to the running consumer as a batch of its own; resolves with the offsets it marked. */
  deliver(record: IncomingRecord): Promise<string[]>;
  /**
   * Hands `records` (one partition's, in offset order) to the running consumer as a fetch loop would: `batchSize`
   * at a time (default 100), one batch per turn of the event loop, none while their topic is paused, and after a
   * batch stopped short from its first unmarked record. Resolves once every record is marked, or once the consumer
   * disconnects.
   */
  play(records: IncomingRecord[], options?: { batchSize?: number }): Promise<void>;
  consumer: InMemoryConsumerState;
}

/**
 * A `MessageBus` without a broker, for unit tests of what runs on top of the port (the subscriber, the
 * projection): its one consumer gets the records a test delivers, its producers keep what they send, and its
 * admin answers what `admin` gives (anything else it is asked is a test mistake and throws).
 */
export function inMemoryBus(options: { assignment?: Record<string, number[]>; admin?: Partial<BusAdmin> } = {}): InMemoryBus {
  const produced: OutgoingRecord[] = [];
  let run: ConsumerRun | undefined;
  const state = { paused: new Set<string>(), pauses: 0, resumes: 0, disconnected: false };
  // A playing fetch loop waits here while its topic is paused.
  const sleepers: (() => void)[] = [];
  const wake = () => sleepers.splice(0).forEach((w) => w());
  const producer: BusProducer = { connect: async () => undefined, send: async (records) => void produced.push(...records), partitionOf: async () => 0, partitionCount: async () => 1, disconnect: async () => undefined };
  const consumer: BusConsumer = {
    connect: async () => void (state.disconnected = false),
    subscribe: async () => undefined,
    run: async (settings) => {
      run = settings;
      return options.assignment ?? {};
    },
    onAssignment: () => undefined,
    seek: () => undefined,
    pause: (topic) => {
      state.pauses++;
      state.paused.add(topic);
    },
    resume: (topic) => {
      state.resumes++;
      state.paused.delete(topic);
      wake();
    },
    onCrash: () => undefined,
    disconnect: async () => {
      state.disconnected = true;
      wake();
    },
  };
  const admin = new Proxy({ disconnect: async () => undefined, ...options.admin } as BusAdmin, {
    get: (target, name) => {
      if (name in target || typeof name === 'symbol' || name === 'then') return target[name as keyof BusAdmin];
      throw new Error(`inMemoryBus: the test gave no admin.${String(name)}`);
    },
  });
  const bus: MessageBus = { producer: () => producer, consumer: () => consumer, admin: async () => admin };
  const deliver = async (record: IncomingRecord) => {
    if (!run) throw new Error('inMemoryBus: nothing consumes yet');
    const marked: string[] = [];
    await run.onBatch({ topic: record.topic, partition: record.partition, records: [record], isStale: () => false, markProcessed: (o) => void marked.push(o), heartbeat: async () => undefined });
    return marked;
  };
  const play = async (records: IncomingRecord[], { batchSize = 100 } = {}) => {
    const index = new Map(records.map((r, i) => [r.offset, i]));
    let next = 0;
    while (next < records.length && !state.disconnected) {
      const { topic, partition } = records[next]!;
      if (state.paused.has(topic)) {
        await new Promise<void>((resolve) => sleepers.push(resolve));
        continue;
      }
      // A fetch is I/O: whatever else runs gets a turn between batches.
      await new Promise((resolve) => setImmediate(resolve));
      if (!run) throw new Error('inMemoryBus: nothing consumes yet');
      await run.onBatch({
        topic,
        partition,
        records: records.slice(next, next + batchSize),
        isStale: () => state.paused.has(topic) || state.disconnected,
        markProcessed: (offset) => void (next = Math.max(next, index.get(offset)! + 1)),
        heartbeat: async () => undefined,
      });
    }
  };
  return { bus, produced, deliver, play, consumer: state };
}
