import { newTraceparent } from '../context/context';
import { DLT_HEADERS } from '../dead-letter';
import { NoResponderError, RemoteError, RequestTimeoutError } from '../errors';
import { uniqueName } from '../testing/names';
import { createTestTopics, readRecords, testBus } from '../transport/testing';
import { RpcClient } from './client';
import { RPC_HEADERS } from './protocol';
import { Responder, type RequestContext } from './responder';
import { route } from './route';

jest.setTimeout(30_000);

const bus = testBus();
const topic = uniqueName('rpc-test');
const silentTopic = uniqueName('rpc-silent');
/** Another domain's event topic, which no request may make the responder write into. */
const victimTopic = uniqueName('rpc-victim-events');
const replyTopicPrefix = uniqueName('rpc-test');
const echo = route<{ text: string }, { echoed: string; seen: Partial<RequestContext> }>(topic);
let client: RpcClient;
let responder: Responder;
let dropTopics: () => Promise<void>;
const slowCalls: number[] = [];

beforeAll(async () => {
  dropTopics = await createTestTopics(bus, [
    { name: topic, partitions: 3, withDeadLetter: true },
    { name: silentTopic, partitions: 1 },
    { name: victimTopic, partitions: 1 },
  ]);
  responder = new Responder({ bus, groupId: uniqueName('rpc-test-group'), replyTopicPrefixes: [replyTopicPrefix] }).handle(echo, async (payload, ctx) => {
    if (payload.text === 'fail') throw Object.assign(new Error('lesson not found'), { code: 'NOT_FOUND' });
    if (payload.text === 'slow') {
      slowCalls.push(Date.now());
      await new Promise((r) => setTimeout(r, 1500));
    }
    return { echoed: payload.text, seen: { identity: ctx.identity, traceparent: ctx.traceparent, key: ctx.key, deadline: ctx.deadline } };
  });
  client = new RpcClient({ bus, replyTopicPrefix, responderProbeTtlMs: 1000 });
  await Promise.all([responder.start(), client.start()]);
});

afterAll(async () => {
  await client.close();
  await responder.close();
  await dropTopics();
});

describe('request/reply', () => {
  it('answers a request with the typed reply', async () => {
    const reply = await client.request(echo, { text: 'hello' }, { key: 'user-1' });
    expect(reply.echoed).toBe('hello');
    expect(reply.seen.key).toBe('user-1');
  });

  it('answers many concurrent requests, each with its own reply', async () => {
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => client.request(echo, { text: `n${i}` })));
    expect(replies.map((r) => r.echoed)).toEqual(Array.from({ length: 100 }, (_, i) => `n${i}`));
  });

  it('fails with RequestTimeoutError when the reply is later than the deadline', async () => {
    const started = Date.now();
    const error = await client.request(echo, { text: 'slow' }, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).retriable).toBe(true);
    expect((error as RequestTimeoutError).topic).toBe(topic);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('carries the deadline so a responder skips requests whose caller gave up', async () => {
    const before = responder.stats.expired;
    // The slow handler holds its key's lane; the request queued behind it on the same key expires meanwhile.
    const slow = client.request(echo, { text: 'slow' }, { key: 'k', timeoutMs: 5000 });
    const doomed = client.request(echo, { text: 'late' }, { key: 'k', timeoutMs: 400 }).catch((e: unknown) => e);
    expect(await doomed).toBeInstanceOf(RequestTimeoutError);
    await slow;
    expect(responder.stats.expired).toBe(before + 1);
  });

  it('turns a handler error into RemoteError with the responder code and message; the consumer keeps going', async () => {
    const error = await client.request(echo, { text: 'fail' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', remoteMessage: 'lesson not found', retriable: false, topic });
    await expect(client.request(echo, { text: 'after' })).resolves.toMatchObject({ echoed: 'after' });
  });

  it('fails fast with NoResponderError when the topic does not exist', async () => {
    const started = Date.now();
    const error = await client.request(uniqueName('missing'), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoResponderError);
    expect(error).toMatchObject({ reason: 'topic-missing' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports NoResponderError when nobody consumes the topic, then fails fast while that holds', async () => {
    const first = await client.request(silentTopic, {}, { timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(NoResponderError);
    expect(first).toMatchObject({ reason: 'no-group-member', topic: silentTopic });
    const started = Date.now();
    await expect(client.request(silentTopic, {}, { timeoutMs: 1000 })).rejects.toBeInstanceOf(NoResponderError);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('sends an undecodable request to <topic>.DLT with where it came from and why, and keeps answering', async () => {
    const producer = bus.producer();
    await producer.connect();
    await producer.send([{ topic, key: 'poison', value: '{not json', headers: { [RPC_HEADERS.correlationId]: 'x', [RPC_HEADERS.replyTopic]: client.replyTopic } }]);
    await producer.disconnect();
    const [dead] = await readRecords(bus, `${topic}.DLT`, 1);
    expect(dead?.value?.toString()).toBe('{not json');
    expect(dead?.headers).toMatchObject({
      [DLT_HEADERS.originalTopic]: topic,
      [DLT_HEADERS.reason]: 'undecodable',
      [DLT_HEADERS.exceptionClass]: 'DecodeError',
    });
    expect(dead?.headers[DLT_HEADERS.originalPartition]).toMatch(/^\d$/);
    expect(dead?.headers[DLT_HEADERS.originalOffset]).toMatch(/^\d+$/);
    await expect(client.request(echo, { text: 'still here' }, { key: 'poison' })).resolves.toMatchObject({ echoed: 'still here' });
  });

  it('does not handle a request naming a reply topic it may not write to: nothing lands there, the request goes to <topic>.DLT as bad-reply-topic, and it keeps answering', async () => {
    const admin = await bus.admin();
    const written = async (t: string) => (await admin.boundaryOffsets(t, 'high')).reduce((sum, p) => sum + Number(p.offset), 0);
    try {
      const deadBefore = await written(`${topic}.DLT`);
      const handledBefore = responder.stats.handled;
      const correlationId = uniqueName('hijack');
      const producer = bus.producer();
      await producer.connect();
      await producer.send([
        {
          topic,
          key: 'hijack',
          value: JSON.stringify({ text: 'write me into the victim' }),
          headers: { [RPC_HEADERS.correlationId]: correlationId, [RPC_HEADERS.replyTopic]: victimTopic, [RPC_HEADERS.replyPartition]: '0', [RPC_HEADERS.deadline]: String(Date.now() + 10_000) },
        },
      ]);
      await producer.disconnect();

      const dead = (await readRecords(bus, `${topic}.DLT`, deadBefore + 1)).find((d) => d.headers[RPC_HEADERS.correlationId] === correlationId);
      expect(dead?.value?.toString()).toBe(JSON.stringify({ text: 'write me into the victim' }));
      expect(dead?.headers).toMatchObject({
        [DLT_HEADERS.originalTopic]: topic,
        [DLT_HEADERS.reason]: 'bad-reply-topic',
        [DLT_HEADERS.exceptionClass]: 'ReplyTopicNotAllowedError',
        [RPC_HEADERS.replyTopic]: victimTopic,
      });
      // Same key, so the same partition, after the refused request: once this is answered, that one is done with.
      await expect(client.request(echo, { text: 'still here' }, { key: 'hijack' })).resolves.toMatchObject({ echoed: 'still here' });
      expect(await written(victimTopic)).toBe(0);
      expect(responder.stats.handled).toBe(handledBefore + 1);
    } finally {
      await admin.disconnect();
    }
  });

  it('hands the W3C traceparent to the handler, and no identity without a verifier (identity.int.test.ts has the tokens)', async () => {
    const traceparent = newTraceparent();
    const reply = await client.request(echo, { text: 'who' }, { context: { identity: { userId: 'u-42', roles: ['student', 'admin'] }, traceparent } });
    expect(reply.seen.identity).toBeUndefined();
    expect(reply.seen.traceparent).toBe(traceparent);
  });
});
