import { newTraceparent } from '../context/context';
import { DLT_HEADERS } from '../dead-letter';
import { uniqueName } from '../testing/names';
import { waitFor } from '../testing/wait';
import { createTestTopics, readRecords, testBus } from '../transport/testing';
import type { EventEnvelope } from './envelope';
import { EventPublisher } from './publisher';
import { subscribe, type EventContext, type Subscription } from './subscriber';

jest.setTimeout(60_000);

interface LessonPublished {
  title: string;
}

const bus = testBus();
const publisher = new EventPublisher({ bus, source: 'lesson-service' });
const subscriptions: Subscription[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dropTopics: () => Promise<void>;
const topics = { fanout: uniqueName('events-fanout'), group: uniqueName('events-group'), replay: uniqueName('events-replay'), poison: uniqueName('events-poison') };

function collector() {
  const seen: { event: EventEnvelope<LessonPublished>; ctx: EventContext }[] = [];
  return { seen, handler: (event: EventEnvelope<LessonPublished>, ctx: EventContext) => void seen.push({ event, ctx }) };
}

async function track(s: Promise<Subscription>): Promise<Subscription> {
  const sub = await s;
  subscriptions.push(sub);
  return sub;
}

const publishMany = (topic: string, n: number, tag: string) =>
  Promise.all(Array.from({ length: n }, (_, i) => publisher.publish<LessonPublished>(topic, { type: 'lesson.published', subject: `L${i}`, payload: { title: `${tag}-${i}` } })));

beforeAll(async () => {
  dropTopics = await createTestTopics(bus, [
    { name: topics.fanout, partitions: 2 },
    { name: topics.group, partitions: 4 },
    { name: topics.replay, partitions: 2 },
    { name: topics.poison, partitions: 1, withDeadLetter: true },
  ]);
  await publisher.start();
});

afterAll(async () => {
  await Promise.allSettled(subscriptions.map((s) => s.close()));
  await publisher.close();
  await dropTopics();
});

describe('events', () => {
  it('fan-out delivers every event, with its envelope and context, to every subscriber', async () => {
    const a = collector();
    const b = collector();
    await Promise.all([
      track(subscribe({ bus, topic: topics.fanout, mode: 'fanout', handler: a.handler })),
      track(subscribe({ bus, topic: topics.fanout, mode: 'fanout', handler: b.handler })),
    ]);
    const traceparent = newTraceparent();
    const sent = await publisher.publish<LessonPublished>(
      topics.fanout,
      { type: 'lesson.published', subject: 'L-ctx', payload: { title: 'Greetings' }, schemaVersion: 2 },
      { context: { identity: { userId: 'teacher-1', roles: ['teacher'] }, traceparent } },
    );
    await publishMany(topics.fanout, 9, 'fan');
    await waitFor('both subscribers to see 10 events', () => a.seen.length >= 10 && b.seen.length >= 10);
    for (const c of [a, b]) {
      expect(c.seen.map((s) => s.event.id).sort()).toHaveLength(10);
      const first = c.seen.find((s) => s.event.id === sent.id);
      expect(first?.event).toEqual(sent);
      expect(first?.event).toMatchObject({ type: 'lesson.published', source: 'lesson-service', subject: 'L-ctx', schemaVersion: 2, payload: { title: 'Greetings' } });
      // The trace travels with the event; the publisher's caller does not (only requests carry a signed identity).
      expect(first?.ctx.identity).toBeUndefined();
      expect(first?.ctx.traceparent).toBe(traceparent);
    }
  });

  it('group mode shares the work: each event handled once across the group', async () => {
    const groupId = uniqueName('events-group');
    const a = collector();
    const b = collector();
    const subA = await track(subscribe({ bus, topic: topics.group, mode: 'group', groupId, handler: a.handler }));
    const subB = await track(subscribe({ bus, topic: topics.group, mode: 'group', groupId, handler: b.handler }));
    await publishMany(topics.group, 40, 'grp');
    await waitFor('40 events handled across the group', () => a.seen.length + b.seen.length >= 40);
    await sleep(300); // would-be duplicates would show up now
    const ids = [...a.seen, ...b.seen].map((s) => s.event.id);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
    expect(a.seen.length).toBeGreaterThan(0);
    expect(b.seen.length).toBeGreaterThan(0);

    // Offsets were committed after handling: a restarted member resumes after them.
    await subA.close();
    await subB.close();
    await publishMany(topics.group, 5, 'after-restart');
    const c = collector();
    await track(subscribe({ bus, topic: topics.group, mode: 'group', groupId, handler: c.handler }));
    await waitFor('the 5 new events', () => c.seen.length >= 5);
    await sleep(300);
    expect(c.seen.map((s) => s.event.payload.title).sort()).toEqual(['after-restart-0', 'after-restart-1', 'after-restart-2', 'after-restart-3', 'after-restart-4']);
  });

  it('replays from a timestamp: only events at or after it', async () => {
    await publishMany(topics.replay, 6, 'before');
    await sleep(50);
    const since = Date.now();
    await sleep(50);
    await publishMany(topics.replay, 4, 'after');
    const r = collector();
    await track(subscribe({ bus, topic: topics.replay, mode: 'fanout', from: { timestamp: since }, handler: r.handler }));
    await waitFor('the 4 events after the timestamp', () => r.seen.length >= 4);
    await sleep(300);
    expect(r.seen.map((s) => s.event.payload.title).sort()).toEqual(['after-0', 'after-1', 'after-2', 'after-3']);

    const all = collector();
    await track(subscribe({ bus, topic: topics.replay, mode: 'fanout', from: 'beginning', handler: all.handler }));
    await waitFor('all 10 events from the beginning', () => all.seen.length >= 10);
  });

  it('sends poison events and events whose handler keeps failing to the DLT, and moves on', async () => {
    const ok = collector();
    let attempts = 0;
    await track(
      subscribe<LessonPublished>({
        bus,
        topic: topics.poison,
        mode: 'fanout',
        retryBackoffMs: 10,
        handler: (event, ctx) => {
          if (event.payload.title === 'explodes') {
            attempts++;
            throw new Error(`handler broke on attempt ${ctx.attempt}`);
          }
          ok.handler(event, ctx);
        },
      }),
    );
    const raw = bus.producer();
    await raw.connect();
    await raw.send([{ topic: topics.poison, key: 'x', value: '{"id":"no-envelope"}' }]);
    await raw.disconnect();
    await publisher.publish(topics.poison, { type: 'lesson.published', subject: 'L1', payload: { title: 'explodes' } });
    await publisher.publish(topics.poison, { type: 'lesson.published', subject: 'L2', payload: { title: 'fine' } });

    await waitFor('the good event after the bad ones', () => ok.seen.length >= 1);
    expect(attempts).toBe(3);
    const dead = await readRecords(bus, `${topics.poison}.DLT`, 2);
    expect(dead.map((d) => d.headers[DLT_HEADERS.reason])).toEqual(['undecodable', 'handler-failed']);
    expect(dead[0]?.headers[DLT_HEADERS.exceptionMessage]).toMatch(/"type"/);
    expect(dead[1]?.headers).toMatchObject({ [DLT_HEADERS.originalTopic]: topics.poison, [DLT_HEADERS.originalPartition]: '0', [DLT_HEADERS.originalOffset]: '1' });
    expect(dead[1]?.headers[DLT_HEADERS.exceptionMessage]).toBe('handler broke on attempt 3');
  });
});
