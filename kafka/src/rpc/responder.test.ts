import { DLT_HEADERS } from '../dead-letter';
import { InvalidOptionError } from '../errors';
import { createLogger } from '../log';
import { inMemoryBus } from '../testing/in-memory-bus';
import type { IncomingRecord } from '../transport/port';
import { RPC_HEADERS } from './protocol';
import { newInstanceId, replyTopicName } from './reply-topic';
import { Responder, type ResponderOptions } from './responder';

const TOPIC = 'get-user-profile';

/** A request on `get-user-profile` asking for its reply in `replyTopic`. */
function request(replyTopic: string): IncomingRecord {
  return {
    topic: TOPIC,
    partition: 1,
    offset: '42',
    key: 'u-1',
    value: Buffer.from(JSON.stringify({ userId: 'u-1' })),
    headers: { [RPC_HEADERS.correlationId]: 'c-1', [RPC_HEADERS.replyTopic]: replyTopic, [RPC_HEADERS.replyPartition]: '0', [RPC_HEADERS.deadline]: String(Date.now() + 60_000) },
    timestamp: Date.now(),
  };
}

/** Starts a responder of `get-user-profile` on an in-memory bus, delivers one record and reports what happened. */
async function handleOne(record: IncomingRecord, options: Partial<ResponderOptions> = {}) {
  const { bus, produced, deliver } = inMemoryBus();
  const logs: Record<string, unknown>[] = [];
  const calls: unknown[] = [];
  const logger = createLogger({}, { write: (line) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const responder = new Responder({ bus, groupId: 'user-service-group', logger, ...options }).handle(TOPIC, (payload) => {
    calls.push(payload);
    return { displayName: 'Ana' };
  });
  await responder.start();
  const marked = await deliver(record);
  await responder.close();
  return { produced, marked, calls, stats: responder.stats, warnings: logs.filter((l) => l.level === 'warn') };
}

describe('responder reply topics', () => {
  it('replies to the request topic’s own .reply, as a NestJS ClientKafka asks', async () => {
    const { produced, calls } = await handleOne(request(`${TOPIC}.reply`));
    expect(calls).toHaveLength(1);
    expect(produced.map((r) => r.topic)).toEqual([`${TOPIC}.reply`]);
  });

  it('replies to a gateway reply topic of the default prefix', async () => {
    const gateway = replyTopicName('puchi', newInstanceId());
    const { produced } = await handleOne(request(gateway));
    expect(produced).toMatchObject([{ topic: gateway, partition: 0, headers: { [RPC_HEADERS.correlationId]: 'c-1' } }]);
  });

  it('does not handle a request naming another topic: dead-letters it as bad-reply-topic, counts it and warns with the topic', async () => {
    const { produced, marked, calls, stats, warnings } = await handleOne(request('user-events'));
    expect(calls).toEqual([]);
    expect(produced).toHaveLength(1);
    expect(produced[0]).toMatchObject({
      topic: `${TOPIC}.DLT`,
      key: 'u-1',
      headers: { [DLT_HEADERS.reason]: 'bad-reply-topic', [DLT_HEADERS.exceptionClass]: 'ReplyTopicNotAllowedError', [DLT_HEADERS.originalTopic]: TOPIC, [RPC_HEADERS.replyTopic]: 'user-events' },
    });
    expect(stats).toMatchObject({ handled: 0, failed: 0, deadLettered: 1 });
    expect(marked).toEqual(['42']); // dead-lettered, so the consumer moves on
    expect(warnings).toEqual([expect.objectContaining({ topic: TOPIC, replyTopic: 'user-events', correlationId: 'c-1' })]);
  });

  it('refuses a client reply topic whose prefix it was not given', async () => {
    const { produced, calls } = await handleOne(request(replyTopicName('puchi', newInstanceId())), { replyTopicPrefixes: ['bench'] });
    expect(calls).toEqual([]);
    expect(produced[0]?.headers?.[DLT_HEADERS.reason]).toBe('bad-reply-topic');
  });

  it('refuses an empty reply topic, but handles a one-way request that names none', async () => {
    const empty = await handleOne(request(''));
    expect(empty.produced[0]?.headers?.[DLT_HEADERS.reason]).toBe('bad-reply-topic');
    const oneWay = request('');
    delete oneWay.headers[RPC_HEADERS.replyTopic];
    const { produced, calls } = await handleOne(oneWay);
    expect(calls).toHaveLength(1);
    expect(produced).toEqual([]);
  });

  it('refuses at construction a prefix no topic name could start with', () => {
    expect(() => new Responder({ bus: inMemoryBus().bus, groupId: 'g', replyTopicPrefixes: ['puchi', 'a b'] })).toThrow(InvalidOptionError);
    expect(() => new Responder({ bus: inMemoryBus().bus, groupId: 'g', replyTopicPrefixes: [''] })).toThrow(/replyTopicPrefixes/);
  });
});

describe('responder duplicates', () => {
  it('handles a request delivered twice (same topic, partition and correlation id) once', async () => {
    const { bus, produced, deliver } = inMemoryBus();
    let calls = 0;
    const responder = new Responder({ bus, groupId: 'user-service-group' }).handle(TOPIC, () => ({ n: ++calls }));
    await responder.start();
    const first = request(`${TOPIC}.reply`);
    await deliver(first);
    await deliver({ ...first, offset: '43' });
    // Another correlation id is another request.
    await deliver({ ...first, offset: '44', headers: { ...first.headers, [RPC_HEADERS.correlationId]: 'c-2' } });
    await responder.close();
    expect(calls).toBe(2);
    expect(responder.stats).toMatchObject({ handled: 2, duplicates: 1 });
    expect(produced.map((r) => r.headers?.[RPC_HEADERS.correlationId])).toEqual(['c-1', 'c-2']);
  });
});
