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
    const ctx = createSubgraphContext({ caller: { request: async () => Promise.reject(error) } });
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
