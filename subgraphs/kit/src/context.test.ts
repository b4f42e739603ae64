import { NoResponderError, RemoteError, RequestTimeoutError, type RequestOptions, type Route } from '@puchi/kafka';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { defineBatchCall, defineCall, parseRequest } from './contract';
import { createSubgraphContext, type Caller } from './context';

const lessonsById = defineBatchCall({ name: 'get-lesson-by-id', domain: 'lesson', reply: '', deadLetter: '' }, z.string(), z.object({ id: z.string(), title: z.string() }));
const score = defineCall({ name: 'complete-lesson', domain: 'progress', reply: '', deadLetter: '' }, z.object({ lessonId: z.string().min(1), score: z.number().int().min(0).max(100) }), z.object({ ok: z.boolean() }));

/** Answers batch requests from a map and records what was sent: the transport is not under test here. */
function fakeCaller(answer: (topic: string, payload: unknown) => unknown): Caller & { sent: { topic: string; payload: unknown; options?: RequestOptions }[] } {
  const sent: { topic: string; payload: unknown; options?: RequestOptions }[] = [];
  return {
    sent,
    request: async <Q, R>(route: Route<Q, R>, payload: Q, options?: RequestOptions) => {
      sent.push({ topic: route.name, payload, options });
      return answer(route.name, payload) as R;
    },
  };
}

describe('subgraph context', () => {
  it('batches the loads of one tick into one request and maps values back to keys', async () => {
    const titles: Record<string, string> = { l1: 'Greetings', l2: 'Numbers' };
    const caller = fakeCaller((_t, p) => ({ values: (p as { keys: string[] }).keys.map((k) => (titles[k] ? { id: k, title: titles[k] } : null)) }));
    const ctx = createSubgraphContext({ caller });
    const [a, b, missing, again] = await Promise.all(['l1', 'l2', 'nope', 'l1'].map((id) => ctx.load(lessonsById, id)));
    expect([a?.title, b?.title, missing, again?.title]).toEqual(['Greetings', 'Numbers', null, 'Greetings']);
    expect(caller.sent).toHaveLength(1);
    expect(caller.sent[0]!.payload).toEqual({ keys: ['l1', 'l2', 'nope'] });
    expect(ctx.requestCounts.get('get-lesson-by-id')).toBe(1);
  });

  it('sends the deadline, identity and a child traceparent with every call', async () => {
    const caller = fakeCaller(() => ({ ok: true }));
    const ctx = createSubgraphContext({ caller, identity: { userId: 'u1', roles: ['learner'] }, deadline: 123456 });
    await ctx.call(score, { lessonId: 'l1', score: 90 });
    const options = caller.sent[0]!.options!;
    expect(options.deadline).toBe(123456);
    expect(options.context?.identity).toEqual({ userId: 'u1', roles: ['learner'] });
    expect(options.context?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('refuses a batch reply whose length does not match its keys', async () => {
    const ctx = createSubgraphContext({ caller: fakeCaller(() => ({ values: [] })) });
    await expect(ctx.load(lessonsById, 'l1')).rejects.toMatchObject({ extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it.each([
    [new RequestTimeoutError('get-lessons', 'c', 10), 'SERVICE_TIMEOUT'],
    [new NoResponderError('get-lessons', 'no-group-member'), 'SERVICE_UNAVAILABLE'],
    [new RemoteError('get-lessons', 'c', 'BAD_USER_INPUT', 'score: too big'), 'BAD_USER_INPUT'],
    [new RemoteError('get-lessons', 'c', 'SQLITE_BUSY', 'database is locked at /srv/x'), 'INTERNAL_SERVER_ERROR'],
  ])('turns %p into a GraphQL error with code %s', async (error, code) => {
    // A short deadline: retriable failures are tried again until it.
    const ctx = createSubgraphContext({ caller: { request: async () => Promise.reject(error) }, timeoutMs: 150 });
    const thrown = await ctx.call(score, { lessonId: 'l', score: 1 }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions.code).toBe(code);
    // Internals of a remote failure never reach the client.
    expect((thrown as GraphQLError).message).not.toMatch(/\/srv/);
  });
});

describe('parseRequest', () => {
  it('accepts a valid payload and names the field of an invalid one', () => {
    expect(parseRequest(score, { lessonId: 'l1', score: 100 })).toEqual({ lessonId: 'l1', score: 100 });
    expect(() => parseRequest(score, { lessonId: 'l1', score: 101 })).toThrow(/^score: /);
    expect(() => parseRequest(score, { lessonId: '', score: 5 })).toThrow(/^lessonId: /);
    expect(() => parseRequest(score, 'nonsense')).toThrow(/^input: /);
  });
});

describe('retries of failed calls', () => {
  const unavailable = () => new RemoteError('get-lesson-by-id', 'c', 'SERVICE_UNAVAILABLE', 'the store did not reach its event in time', true);
  /** Fails `failures` times with `error`, then answers. */
  const flaky = (failures: number, error: () => Error) => {
    let calls = 0;
    const caller: Caller = { request: async <_Q, R>() => (++calls <= failures ? Promise.reject(error()) : ({ ok: true, values: [{ id: 'l1', title: 'T' }] } as R)) };
    return { caller, calls: () => calls };
  };
  const path = { prev: undefined, key: 'completeLesson' };

  it('tries a read again after a retriable failure, within the deadline', async () => {
    const { caller, calls } = flaky(2, unavailable);
    const ctx = createSubgraphContext({ caller, timeoutMs: 5000 });
    await expect(ctx.load(lessonsById, 'l1')).resolves.toEqual({ id: 'l1', title: 'T' });
    expect([calls(), ctx.retries.get('get-lesson-by-id')]).toEqual([3, 2]);
  });

  it('does not try again what says it is not retriable, or once the deadline is too near', async () => {
    const bad = flaky(1, () => new RemoteError('complete-lesson', 'c', 'BAD_USER_INPUT', 'no', false));
    await expect(createSubgraphContext({ caller: bad.caller }).call(score, { lessonId: 'l', score: 1 })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(bad.calls()).toBe(1);
    const late = flaky(100, unavailable);
    const started = Date.now();
    await expect(createSubgraphContext({ caller: late.caller, timeoutMs: 300 }).load(lessonsById, 'l1')).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('tries a write again only under an idempotency key, which it sends derived for the field', async () => {
    const unkeyed = flaky(1, unavailable);
    await expect(createSubgraphContext({ caller: unkeyed.caller }).call(score, { lessonId: 'l', score: 1 }, { mutation: path })).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(unkeyed.calls()).toBe(1);
    const keyed = flaky(1, unavailable);
    const sent = fakeCaller(() => ({ ok: true }));
    await expect(createSubgraphContext({ caller: keyed.caller, idempotencyKey: 'k1' }).call(score, { lessonId: 'l', score: 1 }, { mutation: path })).resolves.toEqual(expect.objectContaining({ ok: true }));
    expect(keyed.calls()).toBe(2);
    await createSubgraphContext({ caller: sent, idempotencyKey: 'k1' }).call(score, { lessonId: 'l', score: 1 }, { mutation: { prev: { prev: undefined, key: 'a' }, key: 'b' } });
    expect(sent.sent[0]!.options?.context?.idempotencyKey).toBe('k1:a.b');
  });
});

describe('hedged reads', () => {
  /** Partition 1 of 3 for every key; a request sent to partition 1 (the key's) never answers. */
  const stuckOwner = () => {
    const sent: RequestOptions[] = [];
    const caller: Caller = {
      partitionOf: async () => 1,
      partitionCount: async () => 3,
      request: async <_Q, R>(_route: Route<_Q, R>, _payload: _Q, options?: RequestOptions) => {
        sent.push(options ?? {});
        // Times out at the deadline, as the RPC client does.
        if (options?.partition === undefined) return new Promise<R>((_, reject) => setTimeout(() => reject(new RequestTimeoutError('complete-lesson', 'c', 0)), (options?.deadline ?? 0) - Date.now()));
        return { ok: true } as R;
      },
    };
    return { caller, sent };
  };

  it('sends a keyed read that is not answered in time to the next partition too, with a read barrier, and takes that answer', async () => {
    const { caller, sent } = stuckOwner();
    const ctx = createSubgraphContext({ caller, hedgeAfterMs: 30, timeoutMs: 2000 });
    const started = Date.now();
    await expect(ctx.call(score, { lessonId: 'l', score: 1 }, { key: 'u1' })).resolves.toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(sent.map((o) => [o.key, o.partition, o.headers?.['x-read-barrier']])).toEqual([
      ['u1', undefined, undefined],
      ['u1', 2, '1'],
    ]);
    expect(ctx.hedges.get('complete-lesson')).toBe(1);
  });

  it('never hedges a write, an unkeyed read, or without hedgeAfterMs', async () => {
    for (const [options, callOptions] of [
      [{ hedgeAfterMs: 30 }, { key: 'u1', mutation: { prev: undefined, key: 'completeLesson' } }],
      [{ hedgeAfterMs: 30 }, {}],
      [{}, { key: 'u1' }],
    ] as const) {
      const { caller, sent } = stuckOwner();
      const ctx = createSubgraphContext({ caller, ...options, timeoutMs: 150 });
      await ctx.call(score, { lessonId: 'l', score: 1 }, callOptions).catch(() => undefined);
      expect(sent).toHaveLength(1);
    }
  });
});

describe('domain errors in resolvers', () => {
  it('become GraphQL errors with their code', async () => {
    const { graphql, buildSchema } = await import('graphql');
    const { BadUserInputError } = await import('./errors');
    const schema = buildSchema('type Query { x: Int }');
    const result = await graphql({
      schema,
      source: '{ x }',
      rootValue: {
        x: () => {
          throw new BadUserInputError('score', 'must be between 0 and 100');
        },
      },
    });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(result.errors?.[0]?.message).toBe('score: must be between 0 and 100');
  });
});
