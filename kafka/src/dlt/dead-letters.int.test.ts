import { deadLetterRecord } from '../dead-letter';
import { AlreadyRedrivenError, DeadLetterNotFoundError } from '../errors';
import { uniqueName } from '../testing/names';
import { createTestTopics, readRecords, testBus } from '../transport/testing';
import type { BusProducer, IncomingRecord } from '../transport/port';
import { DeadLetters, REDRIVE_HEADERS } from './dead-letters';

jest.setTimeout(60_000);

const bus = testBus();
const topic = uniqueName('dlt-orders');
const dlt = `${topic}.DLT`;
let dropTopics: () => Promise<void>;
let producer: BusProducer;
const deadLetters = new DeadLetters({ bus });

/** A record as a reader saw it on `topic` before it gave up on it. */
const failed = (n: number, partition = 1): IncomingRecord => ({
  topic,
  partition,
  offset: String(40 + n),
  key: `order-${n}`,
  value: Buffer.from(JSON.stringify({ id: `evt-${n}`, type: 'order.placed' })),
  headers: { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` },
  timestamp: Date.parse('2026-01-02T03:04:05Z') + n,
});

beforeAll(async () => {
  dropTopics = await createTestTopics(bus, [{ name: topic, partitions: 2, withDeadLetter: true }]);
  producer = bus.producer();
  await producer.connect();
  // Three dead letters, one at a time so their order in the .DLT is known.
  for (const n of [1, 2, 3]) await producer.send([deadLetterRecord(failed(n), 'handler-failed', new TypeError(`boom ${n}`))]);
});

afterAll(async () => {
  await producer.disconnect();
  await deadLetters.close();
  await dropTopics();
});

describe('dead letters', () => {
  it('lists the newest dead letters first, with their dead-letter headers decoded and bounded by the limit', async () => {
    const listed = await deadLetters.list(topic, { limit: 2 });
    expect(listed.map((d) => d.key)).toEqual(['order-3', 'order-2']);
    expect(listed[0]).toMatchObject({
      topic: dlt,
      partition: 0,
      offset: '2',
      original: { topic, partition: 1, offset: '43', timestamp: '2026-01-02T03:04:05.003Z' },
      reason: 'handler-failed',
      error: { class: 'TypeError', message: 'boom 3' },
      value: JSON.stringify({ id: 'evt-3', type: 'order.placed' }),
      headers: { traceparent: expect.stringMatching(/^00-a+/) },
      redriven: null,
    });
    expect(Object.keys(listed[0]!.headers)).toEqual(['traceparent']);
  });

  it('shows one dead letter by partition and offset, and says when there is none', async () => {
    expect(await deadLetters.show(dlt, 0, '0')).toMatchObject({ key: 'order-1', original: { offset: '41' } });
    await expect(deadLetters.show(dlt, 0, '99')).rejects.toBeInstanceOf(DeadLetterNotFoundError);
  });

  it('re-drives a dead letter to the partition it came from, marks it, and refuses to re-drive it twice', async () => {
    const result = await deadLetters.redrive(topic, 0, '1', { by: 'admin-max' });
    expect(result).toMatchObject({ topic, partition: 1, deadLetter: { key: 'order-2', redriven: { by: 'admin-max' } } });

    const [back] = await readRecords(bus, topic, 1);
    expect(back).toMatchObject({ partition: 1, key: 'order-2', headers: { traceparent: expect.any(String), [REDRIVE_HEADERS.redrivenFrom]: `${dlt}/0/1` } });
    expect(back!.value!.toString('utf8')).toBe(JSON.stringify({ id: 'evt-2', type: 'order.placed' }));
    expect(back!.headers['kafka_dlt-original-topic']).toBeUndefined();

    await expect(deadLetters.redrive(topic, 0, '1', { by: 'admin-max' })).rejects.toBeInstanceOf(AlreadyRedrivenError);
    // The marker is not listed as a dead letter; the dead letter it marks shows who re-drove it.
    const listed = await deadLetters.list(topic);
    expect(listed.map((d) => [d.key, d.redriven?.by ?? null])).toEqual([
      ['order-3', null],
      ['order-2', 'admin-max'],
      ['order-1', null],
    ]);
  });

  it('refuses two re-drives of one dead letter asked for at the same time', async () => {
    const outcomes = await Promise.allSettled([deadLetters.redrive(topic, 0, '2', { by: 'a' }), deadLetters.redrive(topic, 0, '2', { by: 'b' })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('counts what every .DLT retains', async () => {
    const mine = (await deadLetters.topics()).find((t) => t.topic === dlt);
    // Three dead letters and two markers.
    expect(mine).toEqual({ topic: dlt, originalTopic: topic, partitions: 1, retained: 5 });
  });

  it('re-drives a whole topic: what was not re-driven, once per event, and nothing on a second run', async () => {
    // Event 4 failed twice (two readers, or two attempts): two dead letters of one event.
    for (const n of [4, 4, 5]) await producer.send([deadLetterRecord(failed(n, 0), 'handler-failed', new Error(`boom ${n}`))]);
    const first = await deadLetters.redriveAll(topic, { by: 'admin-max' });
    expect(first.redriven.map((r) => r.deadLetter.key)).toEqual(['order-1', 'order-4', 'order-5']);
    expect(first.skipped).toBe(3); // order-2 and order-3 (re-driven above) and the second dead letter of event 4
    const second = await deadLetters.redriveAll(topic, { by: 'admin-max' });
    expect(second.redriven).toEqual([]);
    // The second dead letter of event 4 stays: its event went back once.
    expect((await deadLetters.list(topic)).filter((d) => !d.redriven).map((d) => d.key)).toEqual(['order-4']);
  });
});
