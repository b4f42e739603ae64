import { randomUUID } from 'node:crypto';
import { eventTopic, EventPublisher, waitFor } from '@puchi/kafka';
import WebSocket from 'ws';
import { startTestSystem, type TestSystem } from './system';

let system: TestSystem;
beforeAll(async () => (system = await startTestSystem()));
afterAll(() => system.close());

describe('a long replay over graphql-ws', () => {
  it('reaches a client that reads slowly whole and in order: the replay pauses for it instead of closing it with 1008', async () => {
    // Limits a live subscriber reading this slowly would break within a second: 50 results waiting, 2 s of lag.
    const gateway = await system.startGateway({ subscriptions: { ...system.config.subscriptions, maxBuffered: 50, maxLagMs: 2000 } });
    // An admin: analysts see an undeclared type's payload empty, and these test events are declared by no domain.
    const admin = await system.token('admin-max', ['admin']);
    const marker = `replay-${randomUUID().slice(0, 8)}`;
    const since = new Date(Date.now() - 1000).toISOString();
    const count = 1200;
    // 60 MB of history: more than the socket buffers on both ends hold (about 10 MB on loopback) plus the
    // replay's high-water mark (500 results, 25 MB here), so the gateway has to pause the replay.
    const blob = 'x'.repeat(50_000);
    const publisher = new EventPublisher({ bus: system.bus, source: 'media-service' });
    await publisher.start();
    await Promise.all(Array.from({ length: count }, (_, i) => publisher.publish(eventTopic('media'), { type: 'test.history', subject: marker, payload: { userId: marker, i, blob } })));
    await publisher.close();

    // The client speaks the protocol by hand, so that it can read its socket slowly: one chunk every 10 ms.
    const client = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    let closed: { code: number; reason: string } | undefined;
    client.on('close', (code, reason) => (closed = { code, reason: reason.toString() }));
    await new Promise((resolve) => client.once('open', resolve));
    const acked = new Promise((resolve) => client.once('message', resolve));
    client.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${admin}` } }));
    await acked;
    const received: number[] = [];
    client.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; payload?: { data?: { events: { payload: { i: number } } } } };
      if (message.type === 'next') received.push(message.payload!.data!.events.payload.i);
    });
    const tcp = (client as unknown as { _socket: { on(event: 'data', listener: () => void): void; pause(): void; resume(): void } })._socket;
    tcp.on('data', () => {
      tcp.pause();
      setTimeout(() => tcp.resume(), 10);
    });
    const pausesBefore = gateway.subscriptions.hub.replayPauses;
    client.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: {
          query: 'subscription ($marker: ID!, $since: DateTime!) { events(topics: [MEDIA], filter: { userId: $marker }, from: { timestamp: $since }) { payload } }',
          variables: { marker, since },
        },
      }),
    );

    await waitFor('the whole history, or a close', () => received.length >= count || closed, 50_000).catch((e: unknown) => {
      throw new Error(`${String(e)}; received ${received.length}, paused ${gateway.subscriptions.hub.replayPauses - pausesBefore} times`);
    });
    expect(closed).toBeUndefined();
    expect(received).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(gateway.subscriptions.hub.replayPauses).toBeGreaterThan(pausesBefore);
    client.close();
  });
});
