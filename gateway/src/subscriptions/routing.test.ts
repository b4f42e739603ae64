import { envelope, silentLogger, type EventEnvelope, type IncomingRecord } from '@puchi/kafka';
import { inMemoryBus } from '@puchi/kafka/testing';
import { IDEMPOTENCY_REPLIED_TYPE, type SubscriptionField } from '@puchi/subgraph-kit';
import type { ExecutionResult } from 'graphql';
import type { GatewayContext } from '../context';
import type { Delivery } from './delivery';
import type { EventExecutor } from './executor';
import { SubscriptionHub } from './hub';
import type { PlannedSubscription } from './planner';
import { TopicFeeds } from './topic-feeds';

// Live groups of one topic on the in-memory bus: which group's `select` sees which event, and what each receives.

const TOPIC = 'progress-events';
let offset = 0;
const record = (type: string, subject: string, payload: Record<string, unknown> = {}): IncomingRecord => ({
  topic: TOPIC,
  partition: 0,
  offset: String(offset++),
  key: subject,
  value: Buffer.from(JSON.stringify(envelope({ type, subject, payload: { subject, ...payload } }, 'progress-service'))),
  headers: {},
  timestamp: Date.now(),
});

function routing() {
  const memory = inMemoryBus({ admin: { boundaryOffsets: async () => [{ partition: 0, offset: '0' }], deleteGroups: async () => undefined } });
  const feeds = new TopicFeeds(memory.bus, silentLogger);
  /** Events each group's `select` was asked about, by group key. */
  const asked = new Map<string, string[]>();
  const executor = { execute: async (_planned: PlannedSubscription, root: unknown) => ({ data: { seen: root } }) } as unknown as EventExecutor;
  const hub = new SubscriptionHub({
    feeds,
    executor,
    bus: memory.bus,
    contextFor: () => ({}) as GatewayContext,
    redact: (event) => event,
    delivery: { maxBuffered: 1000, maxLagMs: 10_000 },
    replayWindowMs: 60_000,
    logger: silentLogger,
  });
  /** A group following `learner` (unkeyed when undefined) whose `select` takes what `accepts` accepts. */
  const open = (key: string, learner: string | undefined, accepts: (event: EventEnvelope) => boolean = () => true) => {
    const field: SubscriptionField<{ userId?: string }> = {
      topics: () => ['progress'],
      authorize: () => undefined,
      ...(learner === undefined ? {} : { routeKey: ({ userId }) => userId }),
      select: (event) => {
        asked.set(key, [...(asked.get(key) ?? []), event.subject]);
        return accepts(event) ? (event.payload as { subject: string }).subject : undefined;
      },
    };
    return hub.open({
      planned: { fieldName: 'seen', args: learner === undefined ? {} : { userId: learner } } as unknown as PlannedSubscription,
      field,
      identity: undefined,
      authorization: undefined,
      variables: {},
      key,
      onOverflow: () => undefined,
    });
  };
  /** Hands the records to the feed, then lets the groups' executions finish. */
  const deliver = async (...records: IncomingRecord[]) => {
    for (const r of records) await memory.deliver(r);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { memory, feeds, hub, asked, open, deliver };
}

/** What a delivery has received so far, without waiting for more. */
async function drain(delivery: Delivery): Promise<unknown[]> {
  const seen: unknown[] = [];
  for (;;) {
    const next = await Promise.race([delivery.next(), new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
    if (!next || next.done) return seen;
    seen.push((next.value as ExecutionResult<{ seen: unknown }>).data?.seen);
  }
}

describe('routing events to live subscriptions by key', () => {
  it('gives a keyed group only the events of its key: the other groups’ filters are never asked', async () => {
    const { hub, asked, open, deliver } = routing();
    const ana = await open('ana', 'learner-ana');
    const ben = await open('ben', 'learner-ben');
    const others = await Promise.all(Array.from({ length: 50 }, (_, i) => open(`other-${i}`, `learner-${i}`)));

    await deliver(record('progress.lesson-started', 'learner-ana'), record('progress.lesson-started', 'learner-ben'), record('progress.lesson-completed', 'learner-ana'));

    expect(await drain(ana)).toEqual(['learner-ana', 'learner-ana']);
    expect(await drain(ben)).toEqual(['learner-ben']);
    expect(asked.get('ana')).toEqual(['learner-ana', 'learner-ana']);
    expect([...asked.keys()].sort()).toEqual(['ana', 'ben']);
    expect(hub.executions).toBe(3);
    await Promise.all([ana, ben, ...others].map((d) => d.return()));
    await hub.close();
  });

  it('gives an unkeyed group every event of its topic, next to the keyed ones', async () => {
    const { hub, open, deliver } = routing();
    const all = await open('all', undefined);
    const ana = await open('ana', 'learner-ana');

    await deliver(record('progress.lesson-started', 'learner-ana'), record('progress.lesson-cataloged', 'es-a1-01'), record('progress.lesson-started', 'learner-ben'));

    expect(await drain(all)).toEqual(['learner-ana', 'es-a1-01', 'learner-ben']);
    expect(await drain(ana)).toEqual(['learner-ana']);
    await Promise.all([all.return(), ana.return()]);
    await hub.close();
  });

  it('gives a group whose key matches but whose select refuses nothing: select stays the authority', async () => {
    const { hub, asked, open, deliver } = routing();
    const refusing = await open('refusing', 'learner-ana', (event) => event.type === 'progress.lesson-completed');

    await deliver(record('progress.lesson-started', 'learner-ana'), record('progress.lesson-started', 'learner-ana'));

    expect(asked.get('refusing')).toHaveLength(2);
    expect(await drain(refusing)).toEqual([]);
    expect(hub.executions).toBe(0);
    await refusing.return();
    await hub.close();
  });

  it('hands the kit’s bookkeeping records to no group, keyed or not', async () => {
    const { hub, asked, open, deliver } = routing();
    const all = await open('all', undefined);
    const ana = await open('ana', 'learner-ana');

    await deliver(record(IDEMPOTENCY_REPLIED_TYPE, 'learner-ana'));

    expect(asked.size).toBe(0);
    await Promise.all([all.return(), ana.return()]);
    await hub.close();
  });

  it('keeps the topic’s consumer while any group listens, keyed or not, and closes it with the last', async () => {
    const { feeds, hub, open, memory } = routing();
    const ana = await open('ana', 'learner-ana');
    const all = await open('all', undefined);

    await ana.return();
    expect(feeds.topics).toEqual([TOPIC]);
    await all.return();
    expect(feeds.topics).toEqual([]);
    await hub.close();
    await feeds.close();
    expect(memory.consumer.disconnected).toBe(true);
  });
});
