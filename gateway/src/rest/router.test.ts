import type { IncomingMessage } from 'node:http';
import { HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import { createRestRouter } from './router';

/** What the router sent to GraphQL, and a canned answer. */
function fakeExecute(answer: { status?: number; body: unknown; headers?: Record<string, string> }) {
  const sent: HTTPGraphQLRequest[] = [];
  const execute = async (request: HTTPGraphQLRequest): Promise<HTTPGraphQLResponse> => {
    sent.push(request);
    return { status: answer.status, headers: new HeaderMap(Object.entries(answer.headers ?? {})), body: { kind: 'complete', string: JSON.stringify(answer.body) } };
  };
  return { execute, sent };
}

const request = (method: string, headers: Record<string, string> = {}) => ({ method, headers }) as unknown as IncomingMessage;
const router = createRestRouter({ apiSchema: () => { throw new Error('not needed'); } });
const ask = (method: string, path: string, answer: Parameters<typeof fakeExecute>[0] = { body: { data: null } }, headers?: Record<string, string>) => {
  const fake = fakeExecute(answer);
  return router(request(method, headers), new URL(path, 'http://gateway'), fake.execute).then((reply) => ({ ...reply, sent: fake.sent }));
};

describe('REST router', () => {
  it("runs the route's query with its variables as a JSON POST, keeping the caller's headers", async () => {
    const reply = await ask('GET', '/api/lessons/list?level=B1&first=2', { body: { data: { lessons: { totalCount: 0 } } } }, { authorization: 'Bearer t', traceparent: '00-x' });
    expect(reply).toMatchObject({ status: 200, body: { data: { totalCount: 0 } } });
    const sent = reply.sent[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.body).toMatchObject({ operationName: 'RestLessonList', variables: { level: 'B1', first: 2 } });
    expect([sent.headers.get('authorization'), sent.headers.get('traceparent'), sent.headers.get('content-type')]).toEqual(['Bearer t', '00-x', 'application/json']);
  });

  it('answers a null entity with 404 NOT_FOUND naming it', async () => {
    const reply = await ask('GET', '/api/users/nobody/profile', { body: { data: { userProfile: null } } });
    expect(reply).toMatchObject({ status: 404, body: { errors: [{ message: 'user "nobody" does not exist', extensions: { code: 'NOT_FOUND' } }] } });
  });

  it.each([
    ['BAD_USER_INPUT', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['SERVICE_UNAVAILABLE', 503],
    ['SERVICE_TIMEOUT', 504],
    ['INTERNAL_SERVER_ERROR', 500],
    ['SOMETHING_NEW', 500],
  ])('answers a resolver error %s with %i and no data, even beside partial data', async (code, status) => {
    const errors = [{ message: 'no', path: ['progress'], extensions: { code } }];
    const reply = await ask('GET', '/api/users/learner-ana/progress', { body: { data: { progress: { lessonsStarted: 1 } }, errors } });
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual({ errors });
    expect(reply.headers?.['www-authenticate']).toBe(status === 401 ? 'Bearer' : undefined);
  });

  it("keeps Apollo Server's own status and Retry-After (the rate limit, a bad token)", async () => {
    const errors = [{ message: 'too many requests; retry in 3 s', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 3 } }];
    const reply = await ask('GET', '/api/lessons/es-a1-01', { status: 429, body: { errors }, headers: { 'retry-after': '3' } });
    expect(reply).toMatchObject({ status: 429, headers: { 'retry-after': '3' }, body: { errors } });
  });

  it('answers an unknown path under /api/ with 404 NOT_FOUND, without running anything', async () => {
    const reply = await ask('GET', '/api/lessons');
    expect(reply).toMatchObject({ status: 404, body: { errors: [{ extensions: { code: 'NOT_FOUND' } }] } });
    expect(reply.sent).toEqual([]);
  });

  it('answers another method with 405 and Allow', async () => {
    for (const path of ['/api/lessons/list', '/api/openapi.json']) {
      const reply = await ask('POST', path);
      expect(reply).toMatchObject({ status: 405, headers: { allow: 'GET' }, body: { errors: [{ extensions: { code: 'METHOD_NOT_ALLOWED' } }] } });
    }
  });

  it('answers a parameter it cannot bind with 400 BAD_USER_INPUT, without running anything', async () => {
    const reply = await ask('GET', '/api/lessons/list?first=many');
    expect(reply).toMatchObject({ status: 400, body: { errors: [{ message: 'first: must be an integer', extensions: { code: 'BAD_USER_INPUT' } }] } });
    expect(reply.sent).toEqual([]);
  });
});
