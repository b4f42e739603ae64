import { envelope } from './events/envelope';
import { EventPublisher } from './events/publisher';
import { subscribe } from './events/subscriber';
import { ClosedError, NoResponderError, RemoteError, RequestTimeoutError } from './errors';
import { requestOutcomeOf, type KafkaInstrumentation } from './instrumentation';
import { RPC_HEADERS } from './rpc/protocol';
import { newInstanceId, replyTopicName } from './rpc/reply-topic';
import { Responder } from './rpc/responder';
import { inMemoryBus } from './testing/in-memory-bus';
import type { IncomingRecord } from './transport/port';

/** Records every hook call as `[hook, ...arguments]`, durations replaced by whether they are a non-negative number. */
function recorder(): { hooks: KafkaInstrumentation; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const seconds = (s: number) => (Number.isFinite(s) && s >= 0 ? 'seconds' : s);
  return {
    calls,
    hooks: {
      requestStarted: (topic) => calls.push(['requestStarted', topic]),
      requestFinished: (topic, outcome, s) => calls.push(['requestFinished', topic, outcome, seconds(s)]),
      requestHandled: (topic, outcome, s) => calls.push(['requestHandled', topic, outcome, seconds(s)]),
      requestExpired: (topic) => calls.push(['requestExpired', topic]),
      eventPublished: (topic, outcome) => calls.push(['eventPublished', topic, outcome]),
      eventConsumed: (topic, outcome, s) => calls.push(['eventConsumed', topic, outcome, seconds(s)]),
      deadLettered: (topic, reason) => calls.push(['deadLettered', topic, reason]),
    },
  };
}

function request(replyTopic: string, overrides: Partial<IncomingRecord> & { deadline?: number } = {}): IncomingRecord {
  const { deadline = Date.now() + 60_000, ...rest } = overrides;
  // One correlation id per request: a responder handles a correlation id it saw lately only once.
  const correlationId = `c-${rest.offset ?? '1'}`;
  return {
    topic: 'get-user-profile',
    partition: 0,
    offset: '1',
    key: null,
    value: Buffer.from(JSON.stringify({ userId: 'u-1' })),
    headers: { [RPC_HEADERS.correlationId]: correlationId, [RPC_HEADERS.replyTopic]: replyTopic, [RPC_HEADERS.replyPartition]: '0', [RPC_HEADERS.deadline]: String(deadline) },
    timestamp: Date.now(),
    ...rest,
  };
}

describe('Kafka instrumentation hooks', () => {
  const replyTopic = replyTopicName('puchi', newInstanceId());

  it('reports each handled request with its topic, outcome and duration, and each expired or dead-lettered one', async () => {
    const { hooks, calls } = recorder();
    const { bus, deliver } = inMemoryBus();
    const responder = new Responder({ bus, groupId: 'user-service-group', instrumentation: hooks }).handle('get-user-profile', (payload: { userId: string }) => {
      if (payload.userId === 'u-bad') throw new Error('no such user');
      return { displayName: 'Ana' };
    });
    await responder.start();
    await deliver(request(replyTopic));
    await deliver(request(replyTopic, { offset: '2', value: Buffer.from(JSON.stringify({ userId: 'u-bad' })) }));
    await deliver(request(replyTopic, { offset: '3', deadline: Date.now() - 1 }));
    await deliver(request('user-events', { offset: '4' }));
    await deliver(request(replyTopic, { offset: '5', value: Buffer.from('not json') }));
    await responder.close();
    expect(calls).toEqual([
      ['requestHandled', 'get-user-profile', 'ok', 'seconds'],
      ['requestHandled', 'get-user-profile', 'error', 'seconds'],
      ['requestExpired', 'get-user-profile'],
      ['deadLettered', 'get-user-profile', 'bad-reply-topic'],
      ['deadLettered', 'get-user-profile', 'undecodable'],
    ]);
  });

  it('reports consumed events with their outcome, and the dead letter of one that failed', async () => {
    const { hooks, calls } = recorder();
    const { bus, deliver } = inMemoryBus();
    const event = (offset: string, id: string) => ({
      topic: 'lesson-events',
      partition: 0,
      offset,
      key: id,
      value: Buffer.from(JSON.stringify(envelope({ type: 'lesson.published', subject: id, payload: { id } }, 'lesson-service'))),
      headers: {},
      timestamp: Date.now(),
    });
    const subscription = await subscribe<{ id: string }>({
      bus,
      topic: 'lesson-events',
      mode: 'group',
      groupId: 'g',
      maxAttempts: 1,
      instrumentation: hooks,
      handler: (e) => {
        if (e.payload.id === 'broken') throw new Error('cannot project');
      },
    });
    await deliver(event('1', 'l1'));
    await deliver(event('2', 'broken'));
    await subscription.close();
    expect(calls).toEqual([
      ['eventConsumed', 'lesson-events', 'ok', 'seconds'],
      ['deadLettered', 'lesson-events', 'handler-failed'],
      ['eventConsumed', 'lesson-events', 'dead-lettered', 'seconds'],
    ]);
  });

  it('reports a published event once the broker has it, and a send that failed', async () => {
    const { hooks, calls } = recorder();
    const { bus } = inMemoryBus();
    const publisher = new EventPublisher({ bus, source: 'lesson-service', instrumentation: hooks });
    await publisher.start();
    await publisher.publish('lesson-events', { type: 'lesson.published', subject: 'l1', payload: {} });
    const failing = inMemoryBus();
    const producer = failing.bus.producer();
    producer.send = () => Promise.reject(new Error('broker gone'));
    const refused = new EventPublisher({ bus: { ...failing.bus, producer: () => producer }, source: 'lesson-service', instrumentation: hooks });
    await refused.start();
    await expect(refused.publish('lesson-events', { type: 'lesson.published', subject: 'l2', payload: {} })).rejects.toThrow('broker gone');
    expect(calls).toEqual([
      ['eventPublished', 'lesson-events', 'ok'],
      ['eventPublished', 'lesson-events', 'error'],
    ]);
    await publisher.close();
  });

  it('names the outcome of a failed request by its error class', () => {
    expect(requestOutcomeOf(new RemoteError('t', 'c', 'NOT_FOUND', 'gone', false))).toBe('remote-error');
    expect(requestOutcomeOf(new RequestTimeoutError('t', 'c', 5000))).toBe('timeout');
    expect(requestOutcomeOf(new NoResponderError('t', 'topic-missing', 'c'))).toBe('no-responder');
    expect(requestOutcomeOf(new ClosedError('RpcClient', 'c'))).toBe('closed');
    expect(requestOutcomeOf(new TypeError('x is undefined'))).toBe('error');
  });
});
