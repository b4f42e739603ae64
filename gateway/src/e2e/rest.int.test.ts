import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { RunningGateway } from '../server';
import { startTestSystem, type TestSystem } from './system';

let system: TestSystem;
let openapi: { paths: Record<string, Record<string, unknown>> };
const ajv = addFormats(new Ajv2020({ strict: false }));

beforeAll(async () => {
  system = await startTestSystem({ requestTimeoutMs: 1500 });
  openapi = (await rest('/api/openapi.json')).body as typeof openapi;
  ajv.addSchema({ ...openapi, $id: 'https://puchi.test/openapi.json' });
});
afterAll(() => system.close());

const ana = { userId: 'learner-ana' };
const ben = { userId: 'learner-ben' };
const admin = { userId: 'admin-max', roles: ['admin'] };

interface Reply {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown>; errors?: { message: string; extensions: { code: string; [k: string]: unknown } }[] };
}

async function rest(path: string, options: { as?: { userId: string; roles?: string[] }; token?: string; method?: string; gateway?: RunningGateway } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  const token = options.token ?? (options.as ? await system.token(options.as.userId, options.as.roles) : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`http://127.0.0.1:${(options.gateway ?? system.gateway).port}${path}`, { method: options.method ?? 'GET', headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Reply['body'] };
}

/** The answer matches what /api/openapi.json says the route answers with 200. */
function expectDocumented(template: string, reply: Reply): void {
  const pointer = `/paths/${template.replaceAll('/', '~1')}/get/responses/200/content/application~1json/schema`;
  const check = ajv.compile({ $ref: `https://puchi.test/openapi.json#${pointer}` });
  expect(check(reply.body) ? [] : check.errors).toEqual([]);
}

const codeOf = (reply: Reply) => [reply.status, reply.body.errors?.[0]?.extensions.code];

describe('GET /api/users/:id/profile', () => {
  it('answers anyone with the profile in { data }, the email masked unless it is their own', async () => {
    const anonymous = await rest('/api/users/learner-ana/profile');
    expect(anonymous.status).toBe(200);
    expectDocumented('/api/users/{id}/profile', anonymous);
    expect(anonymous.body.data).toMatchObject({ id: 'learner-ana', email: expect.stringMatching(/\*\*\*/) });
    const own = await rest('/api/users/learner-ana/profile', { as: ana });
    expect(own.body.data).toMatchObject({ id: 'learner-ana', email: expect.not.stringMatching(/\*\*\*/) });
  });

  it('answers an unknown user with 404 NOT_FOUND and a malformed id with 400 BAD_USER_INPUT', async () => {
    const missing = await rest('/api/users/learner-nobody/profile');
    expect(codeOf(missing)).toEqual([404, 'NOT_FOUND']);
    expect(missing.body).toEqual({ errors: [{ message: 'user "learner-nobody" does not exist', extensions: { code: 'NOT_FOUND' } }] });
    expect(codeOf(await rest('/api/users/Not%20An%20Id!/profile'))).toEqual([400, 'BAD_USER_INPUT']);
  });
});

describe('GET /api/lessons/list', () => {
  it('pages through the filtered lessons with first and after', async () => {
    const page = await rest('/api/lessons/list?language=es&level=A1&first=2');
    // The errors too, so a failure says why.
    expect([page.status, page.body.errors]).toEqual([200, undefined]);
    expectDocumented('/api/lessons/list', page);
    const data = page.body.data as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string; level: string; language: string } }[] };
    expect(data.edges).toHaveLength(2);
    expect(data.edges.every((e) => e.node.level === 'A1' && e.node.language === 'es')).toBe(true);
    expect(data.pageInfo.hasNextPage).toBe(true);
    const next = (await rest(`/api/lessons/list?language=es&level=A1&first=2&after=${encodeURIComponent(data.pageInfo.endCursor)}`)).body.data as typeof data;
    expect(next.totalCount).toBe(data.totalCount);
    expect(next.edges.map((e) => e.node.id)).not.toContain(data.edges[0]!.node.id);
  });

  it('uses the schema default (20) without first, and leaves out empty and unknown parameters', async () => {
    const reply = await rest('/api/lessons/list?level=&_=1700000000');
    expect([reply.status, reply.body.errors]).toEqual([200, undefined]);
    const all = reply.body.data as { totalCount: number; edges: unknown[] };
    // The catalog is shared with other suites (some publish lessons of their own): the same count as /graphql's.
    const graphql = await system.query<{ lessons: { totalCount: number } }>('{ lessons { totalCount } }');
    expect(all.totalCount).toBe(graphql.data!.lessons.totalCount);
    expect(all.totalCount).toBeGreaterThanOrEqual(30);
    expect(all.edges).toHaveLength(20);
  });

  it.each([
    ['first=-1', 'first: must be between 1 and 100'],
    ['first=101', 'first: must be between 1 and 100'],
    ['first=ten', 'first: must be an integer'],
    ['level=Z9', undefined],
    ['courseId=Not%20A%20Course', undefined],
    ['first=1&first=2', 'first: given more than once'],
  ])('refuses %s with 400 BAD_USER_INPUT', async (search, message) => {
    const reply = await rest(`/api/lessons/list?${search}`);
    expect(codeOf(reply)).toEqual([400, 'BAD_USER_INPUT']);
    if (message) expect(reply.body.errors![0]!.message).toContain(message);
  });
});

describe('GET /api/lessons/:id', () => {
  it("answers with the lesson and its course, and the caller's progress only when signed in", async () => {
    const anonymous = await rest('/api/lessons/es-a1-04');
    expect(anonymous.status).toBe(200);
    expectDocumented('/api/lessons/{id}', anonymous);
    expect(anonymous.body.data).toMatchObject({ id: 'es-a1-04', course: { id: expect.any(String) }, progress: null });
    const signedIn = await rest('/api/lessons/es-a1-04', { as: ana });
    expect(signedIn.body.data).toMatchObject({ id: 'es-a1-04', progress: { status: expect.stringMatching(/^(NOT_STARTED|IN_PROGRESS|COMPLETED)$/) } });
    expectDocumented('/api/lessons/{id}', signedIn);
  });

  it('answers an unknown lesson with 404 NOT_FOUND and a malformed id with 400 BAD_USER_INPUT', async () => {
    expect(codeOf(await rest('/api/lessons/xx-z9-99'))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await rest('/api/lessons/NOT_A_SLUG'))).toEqual([400, 'BAD_USER_INPUT']);
  });
});

describe('GET /api/users/:id/progress', () => {
  it("lets a learner read her own progress and an admin anyone's", async () => {
    const own = await rest('/api/users/learner-ana/progress', { as: ana });
    expect(own.status).toBe(200);
    expectDocumented('/api/users/{id}/progress', own);
    expect(own.body.data).toMatchObject({ user: { id: 'learner-ana' }, lessonsStarted: expect.any(Number) });
    expect(await rest('/api/users/learner-ana/progress', { as: admin })).toMatchObject({ status: 200, body: { data: own.body.data } });
  });

  it("refuses another learner's with 403 FORBIDDEN, anonymous callers and bad tokens with 401 UNAUTHENTICATED", async () => {
    expect(codeOf(await rest('/api/users/learner-ana/progress', { as: ben }))).toEqual([403, 'FORBIDDEN']);
    const anonymous = await rest('/api/users/learner-ana/progress');
    expect(codeOf(anonymous)).toEqual([401, 'UNAUTHENTICATED']);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(codeOf(await rest('/api/users/learner-ana/progress', { token: 'not-a-token' }))).toEqual([401, 'UNAUTHENTICATED']);
    // A bad token is refused on public routes too, as on /graphql.
    expect(codeOf(await rest('/api/lessons/es-a1-04', { token: 'not-a-token' }))).toEqual([401, 'UNAUTHENTICATED']);
  });
});

describe('the REST front', () => {
  it('answers a path no route has with 404 NOT_FOUND, another method with 405 and Allow, and leaves the other /api routes alone', async () => {
    expect(codeOf(await rest('/api/lessons'))).toEqual([404, 'NOT_FOUND']);
    expect(codeOf(await rest('/api/users/learner-ana'))).toEqual([404, 'NOT_FOUND']);
    const post = await rest('/api/lessons/list', { method: 'POST' });
    expect(codeOf(post)).toEqual([405, 'METHOD_NOT_ALLOWED']);
    expect(post.headers.get('allow')).toBe('GET');
    expect((await rest('/api/health')).status).toBe(200);
  });

  it('documents every route in /api/openapi.json', async () => {
    expect(openapi).toMatchObject({ openapi: '3.1.0' });
    expect(Object.keys(openapi.paths).sort()).toEqual(['/api/lessons/list', '/api/lessons/{id}', '/api/openapi.json', '/api/users/{id}/profile', '/api/users/{id}/progress']);
  });

  it("spends the caller's /graphql rate limit: one bucket for both", async () => {
    const limited = await system.startGateway({ rateLimit: { perMinute: 1, burst: 3 }, port: 0 });
    const graphql = async () => {
      const res = await fetch(limited.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await system.token(ben.userId)}` }, body: JSON.stringify({ query: '{ me { id } }' }) });
      return res.status;
    };
    expect((await rest('/api/lessons/es-a1-01', { as: ben, gateway: limited })).status).toBe(200);
    expect(await graphql()).toBe(200);
    expect((await rest('/api/users/learner-ben/progress', { as: ben, gateway: limited })).status).toBe(200);
    const refused = await rest('/api/lessons/list', { as: ben, gateway: limited });
    expect(codeOf(refused)).toEqual([429, 'RATE_LIMITED']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.errors![0]!.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await graphql()).toBe(429);
    // Another caller has a bucket of her own.
    expect((await rest('/api/lessons/es-a1-01', { as: ana, gateway: limited })).status).toBe(200);
  });

  it("applies /graphql's operation limits and production masking", async () => {
    const cheap = await system.startGateway({ limits: { ...system.config.limits, maxCost: 100 }, port: 0 });
    expect(codeOf(await rest('/api/lessons/list?first=100', { gateway: cheap }))).toEqual([400, 'QUERY_TOO_COSTLY']);
    const cheapPage = await rest('/api/lessons/list?first=2', { gateway: cheap });
    expect([cheapPage.status, cheapPage.body.errors]).toEqual([200, undefined]);

    // Only `code` stays in `extensions` (no stack trace), as /graphql answers in production.
    const production = await system.startGateway({ production: true, introspection: false, port: 0 });
    const refused = await rest('/api/users/learner-ana/progress', { as: ben, gateway: production });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ errors: [{ message: expect.any(String), path: ['progress'], extensions: { code: 'FORBIDDEN' } }] });
  });

  // Last: it stops a service.
  it('answers 503 SERVICE_UNAVAILABLE (or 504 SERVICE_TIMEOUT) when the domain behind a route is down', async () => {
    await system.stopService('progress');
    const reply = await rest('/api/users/learner-ana/progress', { as: ana });
    expect([[503, 'SERVICE_UNAVAILABLE'], [504, 'SERVICE_TIMEOUT']]).toContainEqual(codeOf(reply));
  });
});
