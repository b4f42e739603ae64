import { silentLogger } from '@puchi/kafka';
import { lessonDomain } from '@puchi/subgraph-lesson';
import { startTestSystem, type TestSystem } from './system';
import { SUBGRAPH_MODULES } from '../modules';
import { startGateway, type RunningGateway } from '../server';
import { startSubgraphServer, type RunningSubgraphServer } from '../subgraph-server';

let system: TestSystem;
let lessonServer: RunningSubgraphServer;
let gateway: RunningGateway;
beforeAll(async () => {
  system = await startTestSystem();
  lessonServer = await startSubgraphServer(lessonDomain.subgraph(), 0, { ...system.config, host: '127.0.0.1' }, silentLogger);
  // A second gateway that reaches the lesson subgraph over HTTP, as with SUBGRAPH_LESSON_URL.
  gateway = await startGateway({ modules: SUBGRAPH_MODULES, config: { ...system.config, subgraphUrls: { lesson: lessonServer.url } }, bus: system.bus, logger: silentLogger });
});
afterAll(async () => {
  await gateway.close();
  await lessonServer.close();
  await system.close();
});

describe('a subgraph served as its own HTTP server', () => {
  it('answers through the gateway like the in-process one, with the caller forwarded', async () => {
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
    expect(remote.data).toMatchObject({ lesson: { title: 'Numbers 1-20', course: { title: 'Spanish for Beginners' }, progress: { status: 'COMPLETED' } } });
  });

  it('verifies the token itself', async () => {
    const res = await fetch(lessonServer.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer forged' },
      body: JSON.stringify({ query: '{ lesson(id: "es-a1-03") { title } }' }),
    });
    expect(res.status).toBe(401);
  });
});
