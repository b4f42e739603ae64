import { silentLogger } from '@puchi/kafka';
import type { Call } from '../contract';
import type { startEventTail } from './event-tail';
import { createSharedReads } from './shared-reads';
import type { ReadScope } from './sharing';

const callOf = (scope: ReadScope) => ({ topic: `get-${scope}`, domain: 'd', sharing: { scope } }) as unknown as Call<unknown, unknown> & { sharing: { scope: ReadScope } };
const ana = { userId: 'ana', roles: ['learner'] };
const ben = { userId: 'ben', roles: ['learner'] };

/** A fetch that answers when told to, counting what it was asked. */
function deferredFetch() {
  const asked: string[][] = [];
  const pending: (() => void)[] = [];
  const fetch = (keys: string[]) => {
    asked.push(keys);
    return new Promise<string[]>((resolve) => pending.push(() => resolve(keys.map((k) => `value of ${k}`))));
  };
  return { asked, fetch, answerAll: () => pending.splice(0).forEach((answer) => answer()) };
}

describe('shared reads: single-flight', () => {
  it('shares a public read in flight with every caller, and only the keys in flight', async () => {
    const reads = await createSharedReads({ settings: { singleFlight: true }, calls: [], logger: silentLogger });
    const { asked, fetch, answerAll } = deferredFetch();
    const first = reads.batch(callOf('public'), ['a', 'b'], String, { identity: ana, arrival: reads.arrival() }, fetch);
    const second = reads.batch(callOf('public'), ['b', 'c'], String, { identity: ben, arrival: reads.arrival() }, fetch);
    answerAll();
    await new Promise((resolve) => setImmediate(resolve));
    answerAll();
    expect(await first).toEqual(['value of a', 'value of b']);
    expect(await second).toEqual(['value of b', 'value of c']);
    expect(asked).toEqual([['a', 'b'], ['c']]);
    expect(reads.stats()).toMatchObject({ joined: 1, flights: 2 });
  });

  it('shares a caller read only with the same identity, and only a flight sent after the request arrived', async () => {
    const reads = await createSharedReads({ settings: { singleFlight: true }, calls: [], logger: silentLogger });
    const { asked, fetch, answerAll } = deferredFetch();
    const anaEarly = { identity: ana, arrival: reads.arrival() };
    const anaFirst = reads.batch(callOf('caller'), ['k'], String, { identity: ana, arrival: reads.arrival() }, fetch);
    // Arrived before the flight was sent: it may join (the answer is at least as new as the request).
    const joined = reads.batch(callOf('caller'), ['k'], String, anaEarly, fetch);
    // Arrived after: the flight may predate a write acknowledged to it; another identity never shares.
    const anaLate = reads.batch(callOf('caller'), ['k'], String, { identity: ana, arrival: reads.arrival() }, fetch);
    const benRead = reads.batch(callOf('caller'), ['k'], String, { identity: ben, arrival: anaEarly.arrival }, fetch);
    answerAll();
    await Promise.all([anaFirst, joined, anaLate, benRead]);
    expect(asked).toEqual([['k'], ['k'], ['k']]);
    expect(reads.stats()).toMatchObject({ joined: 1, flights: 3 });
  });

  it('gives joiners the failure, then forgets the flight', async () => {
    const reads = await createSharedReads({ settings: { singleFlight: true }, calls: [], logger: silentLogger });
    let fail!: (error: Error) => void;
    const failing = () => new Promise<string[]>((_resolve, reject) => (fail = reject));
    const first = reads.single(callOf('public'), { first: 1 }, '*', { arrival: reads.arrival() }, failing);
    const second = reads.single(callOf('public'), { first: 1 }, '*', { arrival: reads.arrival() }, failing);
    fail(new Error('down'));
    await expect(first).rejects.toThrow('down');
    await expect(second).rejects.toThrow('down');
    expect(await reads.single(callOf('public'), { first: 1 }, '*', { arrival: reads.arrival() }, () => Promise.resolve('up'))).toBe('up');
  });

  it('shares nothing when turned off', async () => {
    const reads = await createSharedReads({ settings: { singleFlight: false }, calls: [], logger: silentLogger });
    const { asked, fetch, answerAll } = deferredFetch();
    const both = Promise.all([reads.batch(callOf('public'), ['a'], String, { arrival: reads.arrival() }, fetch), reads.batch(callOf('public'), ['a'], String, { arrival: reads.arrival() }, fetch)]);
    answerAll();
    await both;
    expect(asked).toEqual([['a'], ['a']]);
  });
});

describe('shared reads: the entity cache', () => {
  it('does not hold the gateway up while its event tail cannot start, and answers without the cache meanwhile', async () => {
    let admins = 0;
    const bus = { admin: () => (admins++, Promise.reject(new Error('broker down'))) } as unknown as import('@puchi/kafka').MessageBus;
    const cached = { ...callOf('public'), sharing: { scope: 'public', invalidatedBy: { 'lesson-events': () => '*' } } } as unknown as Call<unknown, unknown> & { sharing: { scope: ReadScope } };
    const reads = await createSharedReads({ settings: { singleFlight: true, cache: { maxEntries: 10, ttlMs: 1000, maxWaitMs: 10 } }, calls: [cached], bus, logger: silentLogger });
    const { asked, fetch, answerAll } = deferredFetch();
    const first = reads.batch(cached, ['a'], String, { arrival: reads.arrival() }, fetch);
    answerAll();
    expect(await first).toEqual(['value of a']);
    expect(asked).toEqual([['a']]);
    expect(reads.stats().cache).toBeUndefined();
    expect(admins).toBeGreaterThan(0);
    await reads.close();
  });

  it('restarts a tail whose consumer crashed while it started, and closes every tail it started', async () => {
    const bus = {} as import('@puchi/kafka').MessageBus;
    const cached = { ...callOf('public'), sharing: { scope: 'public', invalidatedBy: { 'lesson-events': () => '*' } } } as unknown as Call<unknown, unknown> & { sharing: { scope: ReadScope } };
    const tails: { closed: boolean; crash: (error: unknown) => void }[] = [];
    const startTail: typeof startEventTail = async ({ onCrash }) => {
      const tail = { closed: false, crash: (error: unknown) => onCrash?.(error) };
      tails.push(tail);
      // The first tail's consumer crashes for good before its start has returned, and so does the third's (the
      // first restart's).
      if (tails.length === 1 || tails.length === 3) tail.crash(new Error('broker gone'));
      return { caughtUp: () => Promise.resolve(true), close: async () => void (tail.closed = true) };
    };
    const reads = await createSharedReads({ settings: { singleFlight: true, cache: { maxEntries: 10, ttlMs: 1000, maxWaitMs: 10 } }, calls: [cached], bus, logger: silentLogger, startTail });
    await reads.ready();
    expect(tails.map((t) => t.closed)).toEqual([true, false]);
    expect(reads.stats().cache).toBeDefined();

    // A crash of the tail in use: the cache goes off until another is up (the third crashes too, so a fourth); a
    // second report of the crash changes nothing.
    tails[1]!.crash(new Error('broker gone'));
    tails[1]!.crash(new Error('broker gone'));
    expect(reads.stats().cache).toBeUndefined();
    await reads.ready();
    expect(tails.map((t) => t.closed)).toEqual([true, true, true, false]);
    expect(reads.stats().cache).toBeDefined();
    await reads.close();
    expect(tails.every((t) => t.closed)).toBe(true);
  });
});
