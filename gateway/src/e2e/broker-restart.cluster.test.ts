import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKafka, eventTopic, EventPublisher, silentLogger, waitFor } from '@puchi/kafka';
import { startKafka, stopKafka, type LauncherConfig } from '@puchi/kafka/launcher';
import { topologyDeclaration } from '@puchi/domains';
import { ownBrokerConfig, testBrokerTopology } from '@puchi/kafka/testing';
import { startTestSystem, type TestSystem } from './system';
import { collect, wsClient } from './ws-client';

// A broker of its own: this suite stops and restarts it under the running system.
const broker: Partial<LauncherConfig> = ownBrokerConfig({ port: 29892, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-restart-')), heapMb: 384 });
let system: TestSystem;
let client: ReturnType<typeof wsClient>;

beforeAll(async () => {
  const status = await startKafka(broker);
  process.env.KAFKA_BROKERS = status.brokers.join(',');
  await testBrokerTopology(createKafka({ clientId: 'restart-setup', logger: silentLogger }), topologyDeclaration());
  system = await startTestSystem();
});
afterAll(async () => {
  await client?.dispose();
  await system?.close();
  await stopKafka({ ...broker, graceMs: 10_000 });
  fs.rmSync(broker.dataDir!, { recursive: true, force: true });
});

describe('a broker restart under live subscriptions', () => {
  it('keeps delivering: the feed consumer resumes from where it was', async () => {
    const marker = `restart-${Date.now()}`;
    // An admin: the test events are declared by no domain, so an analyst would see their payloads empty.
    client = wsClient(system.gateway.url, await system.token('admin-max', ['admin']));
    const feed = collect<{ events: { payload: { n: number } } }>(client, 'subscription ($m: ID!) { events(topics: [MEDIA], filter: { userId: $m }) { payload } }', { m: marker });
    await waitFor('the feed', () => system.gateway.subscriptions.feeds.topics.includes(eventTopic('media')));

    const publish = async (n: number) => {
      const publisher = new EventPublisher({ bus: system.bus, source: 'media-service' });
      await publisher.start();
      await publisher.publish(eventTopic('media'), { type: 'test.ping', subject: marker, payload: { userId: marker, n } });
      await publisher.close();
    };
    await publish(1);
    await waitFor('the first event', () => feed.results.length === 1, 30_000);

    await stopKafka({ ...broker, graceMs: 10_000 });
    await startKafka(broker);
    await waitFor('a publish after the restart', async () => {
      await publish(2);
      return true;
    }, 60_000);
    await waitFor('the event published after the restart', () => feed.results.some((r) => r.data?.events.payload.n === 2), 90_000);
    expect(feed.results.map((r) => r.data?.events.payload.n)).toEqual(expect.arrayContaining([1, 2]));
    expect(feed.error).toBeUndefined();
  });
});
