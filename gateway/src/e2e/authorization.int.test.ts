import { randomUUID } from 'node:crypto';
import { RemoteError, type RequestOptions } from '@puchi/kafka';
import { devSigner } from '@puchi/subgraph-kit';
import { getUserProgress } from '@puchi/subgraph-progress';
import { startTestSystem, type TestSystem } from './system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const anonymous = undefined;
const ana = { userId: 'learner-ana' };
const ben = { userId: 'learner-ben' };
const analyst = { userId: 'analyst-ida', roles: ['analyst'] };
const admin = { userId: 'admin-max', roles: ['admin'] };
type Caller = typeof ana | typeof analyst | undefined;

/** The code of the first error, or 'OK' when the field resolved. */
async function outcome(query: string, as: Caller): Promise<string> {
  const result = await system.query(query, undefined, as);
  return result.errors?.[0]?.extensions?.code ?? 'OK';
}

describe('authorization matrix', () => {
  it.each([
    ['me', '{ me { id } }', ['OK', 'OK', 'OK', 'OK']],
    ["ana's progress", '{ progress(userId: "learner-ana") { lessonsCompleted } }', ['UNAUTHENTICATED', 'OK', 'FORBIDDEN', 'FORBIDDEN']],
    ["ana's User.progress", '{ userProfile(id: "learner-ana") { progress { lessonsCompleted } } }', ['UNAUTHENTICATED', 'OK', 'FORBIDDEN', 'FORBIDDEN']],
    ['my notifications', '{ myNotifications { id } }', ['UNAUTHENTICATED', 'OK', 'OK', 'OK']],
    ['analytics', '{ analyticsTotals { registeredUsers } }', ['UNAUTHENTICATED', 'FORBIDDEN', 'FORBIDDEN', 'OK']],
    ['startLesson', 'mutation { startLesson(lessonId: "es-a1-06") { status } }', ['UNAUTHENTICATED', 'OK', 'OK', 'OK']],
    ['submitQuiz', 'mutation { submitQuiz(quizId: "quiz-es-a1-01", answers: []) { score } }', ['UNAUTHENTICATED', 'OK', 'OK', 'OK']],
  ])('%s: anonymous, ana, ben, analyst', async (_name, query, expected) => {
    // Mutations run as fresh users: the seeded learners' progress is what other suites on the shared broker read.
    const callers = query.startsWith('mutation')
      ? [anonymous, { userId: `learner-${randomUUID().slice(0, 8)}` }, { userId: `learner-${randomUUID().slice(0, 8)}` }, { userId: `analyst-${randomUUID().slice(0, 8)}`, roles: ['analyst'] }]
      : [anonymous, ana, ben, analyst];
    const got = [];
    for (const caller of callers) got.push(await outcome(query, caller));
    expect(got).toEqual(expected);
  });

  it('lets an admin read any learner', async () => {
    expect(await outcome('{ progress(userId: "learner-ana") { lessonsCompleted } }', admin)).toBe('OK');
  });

  it('answers a bad token with 401 UNAUTHENTICATED', async () => {
    const res = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('is enforced by the service too, from the identity the gateway signed', async () => {
    const ask = (options: RequestOptions) => system.gateway.rpc.request(getUserProgress.route, { keys: ['learner-ana'] }, options).catch((e: unknown) => e as RemoteError);
    const deadline = Date.now() + 5000;
    const ben = { userId: 'learner-ben', roles: ['learner'] };
    const signed = await ask({ deadline, context: { identity: ben, identityToken: devSigner.sign({ audience: 'progress', expiresAt: deadline, identity: ben }) } });
    expect(signed).toBeInstanceOf(RemoteError);
    expect((signed as RemoteError).code).toBe('FORBIDDEN');
    // Without the gateway's signature the service knows no caller at all, whatever the headers say.
    const unsigned = await ask({ deadline, headers: { 'x-user-id': 'learner-ana', 'x-user-roles': 'admin' } });
    expect((unsigned as RemoteError).code).toBe('UNAUTHENTICATED');
  });
});
