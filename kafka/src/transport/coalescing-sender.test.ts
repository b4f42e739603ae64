import { CoalescingSender } from './coalescing-sender';
import type { BusProducer, OutgoingRecord } from './port';

function fakeProducer(behaviour: (records: OutgoingRecord[]) => Promise<void> = async () => {}) {
  const calls: OutgoingRecord[][] = [];
  const producer: BusProducer = {
    connect: async () => {},
    disconnect: async () => {},
    partitionOf: async () => 0,
    partitionCount: async () => 1,
    send: (records) => {
      calls.push(records);
      return behaviour(records);
    },
  };
  return { producer, calls };
}

const rec = (n: number): OutgoingRecord => ({ topic: 't', value: String(n) });

describe('CoalescingSender', () => {
  it('sends records issued in the same tick as one produce request', async () => {
    const { producer, calls } = fakeProducer();
    const sender = new CoalescingSender(producer);
    await Promise.all([sender.send(rec(1)), sender.send(rec(2)), sender.send(rec(3))]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.map((r) => r.value)).toEqual(['1', '2', '3']);
  });

  it('queues while maxInFlight requests are busy and sends the queue together next', async () => {
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const { producer, calls } = fakeProducer((records) => (records[0]?.value === '1' ? first : Promise.resolve()));
    const sender = new CoalescingSender(producer, { maxInFlight: 1 });
    const a = sender.send(rec(1));
    await new Promise((r) => setImmediate(r));
    const later = [sender.send(rec(2)), sender.send(rec(3))];
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(calls).toHaveLength(1);
    release();
    await Promise.all([a, ...later]);
    expect(calls.map((c) => c.map((r) => r.value))).toEqual([['1'], ['2', '3']]);
  });

  it('rejects every record of a failed request and keeps sending afterwards', async () => {
    const { producer } = fakeProducer(async (records) => {
      if (records[0]?.value === 'bad') throw new Error('boom');
    });
    const sender = new CoalescingSender(producer);
    const results = await Promise.allSettled([sender.send({ topic: 't', value: 'bad' }), sender.send(rec(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(sender.send(rec(3))).resolves.toBeUndefined();
  });

  it('sends each topic of a failed request again on its own, so one bad topic fails only its own records', async () => {
    const { producer, calls } = fakeProducer(async (records) => {
      if (records.some((r) => r.topic === 'gone')) throw new Error('unknown topic');
    });
    const sender = new CoalescingSender(producer);
    const results = await Promise.allSettled([sender.send({ topic: 'gone', value: 'a' }), sender.send({ topic: 't', value: 'b' }), sender.send({ topic: 't', value: 'c' })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(calls.map((c) => c.map((r) => r.value))).toEqual([['a', 'b', 'c'], ['a'], ['b', 'c']]);
  });

  it('splits a request before it grows past maxBatchBytes', async () => {
    const { producer, calls } = fakeProducer();
    const sender = new CoalescingSender(producer, { maxBatchBytes: 2500, maxInFlight: 1 });
    const big = (n: number): OutgoingRecord => ({ topic: 't', value: String(n).padEnd(1000, 'x') });
    await Promise.all([0, 1, 2, 3, 4].map((n) => sender.send(big(n))));
    expect(calls.map((c) => c.length)).toEqual([2, 2, 1]);
  });

  it('splits at maxBatch and flush waits for all of it', async () => {
    const { producer, calls } = fakeProducer();
    const sender = new CoalescingSender(producer, { maxBatch: 2, maxInFlight: 1 });
    for (let i = 0; i < 5; i++) void sender.send(rec(i));
    await sender.flush();
    expect(calls.map((c) => c.length)).toEqual([2, 2, 1]);
  });
});
