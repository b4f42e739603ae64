import type { BusAdmin, BusConsumer, BusProducer, ConsumerRun, IncomingRecord, MessageBus, OutgoingRecord } from '../transport/port';

export interface InMemoryBus {
  bus: MessageBus;
  /** Everything produced through the bus (dead letters, replies, events). */
  produced: OutgoingRecord[];
  /** Hands one record to the running consumer as a batch of its own; resolves with the offsets it marked. */
  deliver(record: IncomingRecord): Promise<string[]>;
}

/**
 * A `MessageBus` without a broker, for unit tests of what runs on top of the port (the subscriber, the
 * projection): its one consumer gets the records a test delivers, its producers keep what they send, and its
 * admin answers what `admin` gives (anything else it is asked is a test mistake and throws).
 */
export function inMemoryBus(options: { assignment?: Record<string, number[]>; admin?: Partial<BusAdmin> } = {}): InMemoryBus {
  const produced: OutgoingRecord[] = [];
  let run: ConsumerRun | undefined;
  const producer: BusProducer = { connect: async () => undefined, send: async (records) => void produced.push(...records), disconnect: async () => undefined };
  const consumer: BusConsumer = {
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (settings) => {
      run = settings;
      return options.assignment ?? {};
    },
    onAssignment: () => undefined,
    seek: () => undefined,
    onCrash: () => undefined,
    disconnect: async () => undefined,
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
  return { bus, produced, deliver };
}
