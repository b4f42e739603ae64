import { envelope, silentLogger, waitFor, type IncomingRecord } from '@puchi/kafka';
import { inMemoryBus } from '@puchi/kafka/testing';
import type { SubscriptionField } from '@puchi/subgraph-kit';
import type { ExecutionResult } from 'graphql';
import type { GatewayContext } from '../context';
import type { EventExecutor } from './executor';
import { SubscriptionHub } from './hub';
import type { PlannedSubscription } from './planner';
import { ReplayPacer } from './replay-pacer';
import { TopicFeeds } from './topic-feeds';

// A replay through the hub on the in-memory bus, to a client that reads more slowly than the feed fetches.

const TOPIC = 'analytics-events';
const EVENTS = 5000;
const BATCH = 250;
const PACE = { highWater: 100, lowWater: 50 };

const history: IncomingRecord[] = Array.from({ length: EVENTS }, (_, i) => ({
  topic: TOPIC,
  partition: 0,
  offset: String(i),
  key: 's',
  value: Buffer.from(JSON.stringify(envelope({ type: 'test.replayed', subject: 's', payload: { i } }, 'analytics-service'))),
  headers: {},
  timestamp: 1_700_000_000_000 + i,
}));

/** A hub over the in-memory bus; `outstanding` is what its one replay subscriber has accepted but not taken yet. */
function replaying() {
  const memory = inMemoryBus({ admin: { offsetsForTimestamp: async () => [{ partition: 0, offset: '0' }], deleteGroups: async () => undefined } });
  const counts = { accepted: 0, taken: 0, mostOutstanding: 0 };
  const field: SubscriptionField = {
    topics: () => ['analytics'],
    authorize: () => undefined,
    select: (event) => {
      counts.accepted++;
      counts.mostOutstanding = Math.max(counts.mostOutstanding, counts.accepted - counts.taken);
      return event.payload;
    },
    from: () => ({ timestamp: Date.now() - 60_000 }),
  };
  // The result is the event itself: what is paced is the queue, not what executing costs.
  const executor = { execute: async (_planned: PlannedSubscription, root: unknown) => ({ data: { replayed: root } }) } as unknown as EventExecutor;
  const hub = new SubscriptionHub({
    feeds: new TopicFeeds(memory.bus, silentLogger),
    executor,
    bus: memory.bus,
    contextFor: () => ({}) as GatewayContext,
    redact: (event) => event,
    delivery: { maxBuffered: 1000, maxLagMs: 10_000 },
    replayWindowMs: 7 * 24 * 60 * 60 * 1000,
    replayPace: PACE,
    logger: silentLogger,
  });
  const overflows: number[] = [];
  const open = () =>
    hub.open({
      planned: { fieldName: 'replayed', args: {} } as unknown as PlannedSubscription,
      field,
      identity: undefined,
      authorization: undefined,
      variables: {},
      key: 'replay',
      onOverflow: (buffered) => void overflows.push(buffered),
    });
  const take = async (delivery: AsyncIterator<ExecutionResult>) => {
    const next = await delivery.next();
    if (!next.done) counts.taken++;
    return next;
  };
  return { memory, hub, counts, overflows, open, take };
}

describe('a replay to a slow client', () => {
  it('pauses its consumer at the high-water mark, resumes it below the low-water mark, and delivers every event in order without a disconnect', async () => {
    const { memory, hub, counts, overflows, open, take } = replaying();
    const delivery = await open();
    const playing = memory.play(history, { batchSize: BATCH });

    // The client reads nothing until the feed has stopped for it.
    await waitFor('the replay paused', () => memory.consumer.paused.has(TOPIC), 5000);
    const received: number[] = [];
    while (received.length < EVENTS) {
      const next = await take(delivery);
      if (next.done) break;
      received.push((next.value.data as { replayed: { i: number } }).replayed.i);
      // Slower than the feed: one result per turn of the event loop, where the feed hands a whole batch.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await playing;

    expect(overflows).toEqual([]);
    expect(received).toEqual(Array.from({ length: EVENTS }, (_, i) => i));
    expect(counts.mostOutstanding).toBeLessThanOrEqual(PACE.highWater + BATCH);
    expect(memory.consumer.pauses).toBeGreaterThan(1);
    expect(memory.consumer.resumes).toBe(memory.consumer.pauses);
    expect(hub.replayPauses).toBe(memory.consumer.pauses);
    await delivery.return!();
    await hub.close();
  });

  it('releases its consumer when the client unsubscribes while it is paused', async () => {
    const { memory, hub, counts, open } = replaying();
    const delivery = await open();
    const playing = memory.play(history, { batchSize: BATCH });
    await waitFor('the replay paused', () => memory.consumer.paused.has(TOPIC), 5000);

    await delivery.return!();
    await playing;
    expect(memory.consumer.disconnected).toBe(true);
    expect(counts.accepted).toBeLessThan(EVENTS);
    await hub.close();
  });
});

describe('replay pace marks', () => {
  it('are refused when a paused replay could never resume', () => {
    const valve = { pause: () => undefined, resume: () => undefined };
    expect(() => new ReplayPacer({ highWater: 100, lowWater: 0 }, valve)).toThrow(RangeError);
    expect(() => new ReplayPacer({ highWater: 50, lowWater: 100 }, valve)).toThrow(RangeError);
    expect(() => new ReplayPacer({ highWater: 100, lowWater: 100 }, valve)).not.toThrow();
  });
});
