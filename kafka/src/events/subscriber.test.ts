import { DLT_HEADERS, type DeadLetterReason } from '../dead-letter';
import { DecodeError } from '../errors';
import { inMemoryBus } from '../testing/in-memory-bus';
import { waitFor } from '../testing/wait';
import type { IncomingRecord } from '../transport/port';
import { envelope } from './envelope';
import { subscribe, type EventHandler } from './subscriber';

const record: IncomingRecord = {
  topic: 'lesson-events',
  partition: 0,
  offset: '7',
  key: 'l1',
  value: Buffer.from(JSON.stringify(envelope({ type: 'lesson.published', subject: 'l1', payload: { id: 'l1' } }, 'lesson-service'))),
  headers: {},
  timestamp: 1_700_000_000_000,
};

/** Subscribes `handler` (3 attempts, no real backoff), delivers one record, and reports what happened. */
async function handleOne(handler: EventHandler<unknown>) {
  const { bus, produced, deliver } = inMemoryBus();
  const deadLettered: DeadLetterReason[] = [];
  const subscription = await subscribe({ bus, topic: record.topic, mode: 'group', groupId: 'g', handler, maxAttempts: 3, retryBackoffMs: 1, onDeadLettered: (r) => void deadLettered.push(r.reason) });
  const marked = await deliver(record);
  await subscription.close();
  return { produced, deadLettered, marked, stats: subscription.stats };
}

/** A domain error as the subgraph kit throws it: a code, and `retriable: false`. */
class BadUserInputError extends Error {
  readonly code = 'BAD_USER_INPUT';
  readonly retriable = false;
}

describe('event subscriber retries', () => {
  it('dead-letters a non-retriable handler error after one attempt, as handler-failed', async () => {
    const attempts: number[] = [];
    const { produced, deadLettered, marked, stats } = await handleOne((_event, context) => {
      attempts.push(context.attempt);
      throw new BadUserInputError('score: must be between 0 and 100');
    });
    expect(attempts).toEqual([1]);
    expect(deadLettered).toEqual(['handler-failed']);
    expect(produced).toHaveLength(1);
    expect(produced[0]).toMatchObject({ topic: 'lesson-events.DLT', key: 'l1', value: record.value });
    expect(produced[0]!.headers).toMatchObject({
      [DLT_HEADERS.reason]: 'handler-failed',
      [DLT_HEADERS.exceptionClass]: 'Error',
      [DLT_HEADERS.exceptionMessage]: 'score: must be between 0 and 100',
      [DLT_HEADERS.originalOffset]: '7',
    });
    expect(marked).toEqual(['7']);
    expect(stats).toEqual({ handled: 1, deadLettered: 1 });
  });

  it('stops retrying as soon as a retry fails in a way no retry can fix', async () => {
    const attempts: number[] = [];
    const { deadLettered, produced } = await handleOne((_event, context) => {
      attempts.push(context.attempt);
      throw context.attempt === 1 ? new Error('database is locked') : new BadUserInputError('lesson "l1" is archived');
    });
    expect(attempts).toEqual([1, 2]);
    expect(deadLettered).toEqual(['handler-failed']);
    expect(produced[0]!.headers?.[DLT_HEADERS.exceptionMessage]).toBe('lesson "l1" is archived');
  });

  it('never retries a programming error', async () => {
    let attempts = 0;
    const { deadLettered, produced } = await handleOne(() => {
      attempts++;
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    });
    expect(attempts).toBe(1);
    expect(deadLettered).toEqual(['handler-failed']);
    expect(produced[0]!.headers?.[DLT_HEADERS.exceptionClass]).toBe('TypeError');
  });

  it('dead-letters a DecodeError from the handler after one attempt, as undecodable', async () => {
    let attempts = 0;
    const { deadLettered } = await handleOne((_event, context) => {
      attempts++;
      throw new DecodeError(context.topic, context.partition, context.offset, 'payload.id: required');
    });
    expect(attempts).toBe(1);
    expect(deadLettered).toEqual(['undecodable']);
  });

  it('retries a retriable failure up to maxAttempts, then dead-letters the last error itself (not a wrapper)', async () => {
    const attempts: number[] = [];
    const { deadLettered, produced } = await handleOne((_event, context) => {
      attempts.push(context.attempt);
      throw new Error(`handler broke on attempt ${context.attempt}`);
    });
    expect(attempts).toEqual([1, 2, 3]);
    expect(deadLettered).toEqual(['handler-failed']);
    expect(produced[0]!.headers).toMatchObject({ [DLT_HEADERS.exceptionClass]: 'Error', [DLT_HEADERS.exceptionMessage]: 'handler broke on attempt 3' });
  });

  it('handles the event when a retry succeeds', async () => {
    const attempts: number[] = [];
    const { produced, marked } = await handleOne((_event, context) => {
      attempts.push(context.attempt);
      if (context.attempt === 1) throw new Error('database is locked');
    });
    expect(attempts).toEqual([1, 2]);
    expect(produced).toEqual([]);
    expect(marked).toEqual(['7']);
  });
});

describe('pausing a subscription', () => {
  const records = Array.from({ length: 10 }, (_, i): IncomingRecord => ({ ...record, offset: String(i), value: Buffer.from(JSON.stringify(envelope({ type: 'lesson.published', subject: 'l1', payload: { i } }, 'lesson-service'))) }));

  it('stops the batch in flight at its next event, and once resumed reads on from the first event not handled', async () => {
    const { bus, play, consumer } = inMemoryBus({ admin: { boundaryOffsets: async () => [{ partition: 0, offset: '0' }], deleteGroups: async () => undefined } });
    const seen: number[] = [];
    const subscription = await subscribe({
      bus,
      topic: record.topic,
      mode: 'fanout',
      handler: (event) => {
        seen.push((event.payload as { i: number }).i);
        if (seen.length === 3) subscription.pause();
      },
    });
    const playing = play(records, { batchSize: 10 });
    await waitFor('the pause', () => consumer.paused.has(record.topic));
    expect(seen).toEqual([0, 1, 2]);

    subscription.resume();
    await playing;
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await subscription.close();
  });
});
