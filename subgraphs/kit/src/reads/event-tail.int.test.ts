import { EventPublisher, silentLogger, uniqueName } from '@puchi/kafka';
import { createTestTopics, testBus } from '@puchi/kafka/testing';
import { Clock, startEventTail, type EventTail } from './event-tail';

/** The cache's consistency check against the broker: `caughtUp` resolves only once earlier events were handled. */
const bus = testBus();
const publisher = new EventPublisher({ bus, source: 'test-service' });
const topics = [uniqueName('tail-a'), uniqueName('tail-b')];
let dropTopics: () => Promise<void>;
let tail: EventTail;
const clock = new Clock();
const seen = new Set<string>();

beforeAll(async () => {
  dropTopics = await createTestTopics(bus, topics.map((name) => ({ name, partitions: 3 })));
  await publisher.start();
  tail = await startEventTail({ bus, topics, clock, maxWaitMs: 5000, logger: silentLogger, onEvent: (event) => void seen.add(event.id) });
});

afterAll(async () => {
  await tail.close();
  await publisher.close();
  await dropTopics();
});

it('says caught up only once every event written before the request arrived was handled', async () => {
  for (let round = 0; round < 30; round++) {
    const topic = topics[round % 2]!;
    const { id } = await publisher.publish(topic, { type: 'thing.changed', subject: `s${round}`, payload: {} });
    // The request arrives after the write was acknowledged: by then the tail must have handled it.
    expect(await tail.caughtUp(clock.now(), [topic])).toBe(true);
    expect(seen.has(id)).toBe(true);
  }
});

it('says caught up at once when nothing was written since', async () => {
  const started = Date.now();
  expect(await tail.caughtUp(clock.now(), topics)).toBe(true);
  expect(Date.now() - started).toBeLessThan(5000);
});

it('keeps one end-offsets read in flight: requests arriving meanwhile share the next, and still see earlier writes', async () => {
  // Every read of the end offsets held until released, and counted.
  const gates: (() => void)[] = [];
  const countingBus = Object.create(bus) as typeof bus;
  countingBus.admin = async () => {
    const admin = await bus.admin();
    const endOffsets = (topic: string) => new Promise<void>((release) => gates.push(release)).then(() => admin.endOffsets!(topic));
    return Object.assign(Object.create(admin) as typeof admin, { endOffsets, boundaryOffsets: admin.boundaryOffsets.bind(admin), disconnect: admin.disconnect.bind(admin) });
  };
  const counted = await startEventTail({ bus: countingBus, topics: [topics[0]!], clock, maxWaitMs: 5000, logger: silentLogger, onEvent: (event) => void seen.add(event.id) });
  try {
    const first = counted.caughtUp(clock.now(), [topics[0]!]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(gates).toHaveLength(1);
    // Written while the first read is in flight, and acknowledged before these requests arrive: the first read may
    // predate it, so they must not share that one.
    const { id } = await publisher.publish(topics[0]!, { type: 'thing.changed', subject: 'late', payload: {} });
    const later = Array.from({ length: 20 }, () => counted.caughtUp(clock.now(), [topics[0]!]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(gates).toHaveLength(1);
    gates.shift()!();
    expect(await first).toBe(true);
    // The in-flight read settled: the one queued behind it goes out, one for all twenty.
    while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(gates).toHaveLength(1);
    gates.shift()!();
    expect(await Promise.all(later)).toEqual(Array(20).fill(true));
    expect(seen.has(id)).toBe(true);
    expect(gates).toHaveLength(0);
  } finally {
    await counted.close();
  }
});

it('gives up within maxWaitMs when the end offsets cannot be read, the read included', async () => {
  // A broker that went away: kafkajs retries such a read for many seconds. The request must not wait for it.
  const stuckBus = Object.create(bus) as typeof bus;
  stuckBus.admin = async () => {
    const admin = await bus.admin();
    return Object.assign(Object.create(admin) as typeof admin, { endOffsets: () => new Promise<never>(() => undefined), boundaryOffsets: admin.boundaryOffsets.bind(admin) });
  };
  const stuck = await startEventTail({ bus: stuckBus, topics: [topics[0]!], clock, maxWaitMs: 200, logger: silentLogger, onEvent: () => undefined });
  try {
    const started = Date.now();
    expect(await stuck.caughtUp(clock.now(), [topics[0]!])).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  } finally {
    await stuck.close();
  }
});
