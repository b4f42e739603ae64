import os from 'node:os';
import { bodyHash, IDENTITY_HEADER, IdentitySigner, identitySecret, newTraceparent, silentLogger, traceIdOf, type Identity } from '@puchi/kafka';
import { lessonDomain } from '@puchi/subgraph-lesson';
import { progressDomain } from '@puchi/subgraph-progress';
import { devSigner } from '@puchi/subgraph-kit';
import { startTestSystem, type TestSystem } from './system';
import { SUBGRAPH_MODULES } from '../modules';
import { LIMIT_CODES } from '../limits';
import { startGateway, type RunningGateway } from '../server';
import { startSubgraphServer, type RunningSubgraphServer } from '../subgraph-server';

let system: TestSystem;
let lessonServer: RunningSubgraphServer;
let progressServer: RunningSubgraphServer;
let gateway: RunningGateway;
beforeAll(async () => {
  system = await startTestSystem();
  // As `npm run dev:subgraph:<domain>` starts them: the default SUBGRAPH_HOST, the development secret.
  lessonServer = await startSubgraphServer(lessonDomain.subgraph(), 0, system.config, silentLogger);
  progressServer = await startSubgraphServer(progressDomain.subgraph(), 0, system.config, silentLogger);
  // A second gateway that reaches both subgraphs over HTTP, as with SUBGRAPH_LESSON_URL and SUBGRAPH_PROGRESS_URL.
  const subgraphUrls = { lesson: lessonServer.url, progress: progressServer.url };
  gateway = await startGateway({ modules: SUBGRAPH_MODULES, config: { ...system.config, subgraphUrls }, bus: system.bus, logger: silentLogger });
});
afterAll(async () => {
  await gateway.close();
  await lessonServer.close();
  await progressServer.close();
  await system.close();
});

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A fetch straight to a subgraph server, signed as a gateway would (or not at all). */
async function direct(server: RunningSubgraphServer, query: string, sign?: { signer?: IdentitySigner; audience?: string; identity?: Identity; signedBody?: string }): Promise<Answer> {
  const body = JSON.stringify({ query });
  const traceparent = newTraceparent();
  const headers: Record<string, string> = { 'content-type': 'application/json', traceparent };
  if (sign) {
    const signer = sign.signer ?? devSigner;
    headers[IDENTITY_HEADER] = signer.sign({ audience: sign.audience ?? 'lesson', expiresAt: Date.now() + 5000, identity: sign.identity, traceId: traceIdOf(traceparent), bodyHash: bodyHash(sign.signedBody ?? body) });
  }
  const res = await fetch(server.url, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

describe('a subgraph served as its own HTTP server', () => {
  it('answers through the gateway like the in-process one, with the caller carried by the gateway’s signature', async () => {
    const query = '{ lesson(id: "es-a1-03") { title course { title } vocabulary { term } progress { status } } }';
    const token = await system.token('learner-ana');
    const post = (url: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) }).then(
        (r) => r.json() as Promise<{ data: unknown; errors?: unknown }>,
      );
    const remote = await post(gateway.url);
    const local = await post(system.gateway.url);
    expect(remote.errors).toBeUndefined();
    expect(remote.data).toEqual(local.data);
    // `progress` is the learner's own: the progress server took her from the token and passed it on over Kafka.
    expect(remote.data).toMatchObject({ lesson: { title: 'Numbers 1-20', course: { title: 'Spanish for Beginners' }, progress: { status: 'COMPLETED' } } });
  });

  it('listens on 127.0.0.1 unless SUBGRAPH_HOST says otherwise', async () => {
    expect(new URL(lessonServer.url).hostname).toBe('127.0.0.1');
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    const port = new URL(lessonServer.url).port;
    // On a machine with another interface, the server is not reachable through it.
    if (external) await expect(fetch(`http://${external.address}:${port}/graphql`, { method: 'POST' })).rejects.toThrow();
  });

  it('refuses a request no gateway signed, even with a valid user token', async () => {
    const token = await system.token('learner-ana');
    const res = await fetch(lessonServer.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ lesson(id: "es-a1-03") { title } }' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Answer['body']).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses _entities and every query signed by another key, for another domain, or over another body', async () => {
    const entities = '{ _entities(representations: [{ __typename: "Lesson", id: "es-a1-03" }]) { ... on Lesson { title } } }';
    const stranger = new IdentitySigner(identitySecret('dev', Buffer.alloc(32, 7)));
    const refused = [
      await direct(lessonServer, entities),
      await direct(lessonServer, entities, { signer: stranger }),
      await direct(lessonServer, entities, { audience: 'user' }),
      await direct(lessonServer, entities, { signedBody: JSON.stringify({ query: '{ __typename }' }) }),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const signed = await direct(lessonServer, entities, {});
    expect(signed.body).toEqual({ data: { _entities: [{ title: 'Numbers 1-20' }] } });
  });

  it('applies the gateway’s limits to signed requests too', async () => {
    let deep = 'title';
    for (let i = 0; i < system.config.limits.maxDepth; i++) deep = `course { lessons { ${deep} } }`;
    const answer = await direct(lessonServer, `{ lesson(id: "es-a1-03") { ${deep} } }`, {});
    expect(answer.body.errors?.[0]?.extensions?.code).toBe(LIMIT_CODES.depth);
  });
});
