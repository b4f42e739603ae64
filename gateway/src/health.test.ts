import type { BusAdmin, MessageBus, ReplyPath } from '@puchi/kafka';
import { healthCheck } from './health';
import { SharedAdmin } from './shared-admin';

/** A bus whose admin connections a test controls: how long connecting takes, whether metadata answers. */
function fakeBus(options: { connectMs?: number; partitions?: () => Promise<number[] | undefined> } = {}) {
  const stats = { connected: 0, disconnected: 0, metadataRequests: 0 };
  const bus = {
    admin: async () => {
      if (options.connectMs) await new Promise((r) => setTimeout(r, options.connectMs));
      stats.connected++;
      return {
        partitions: async () => {
          stats.metadataRequests++;
          return options.partitions ? options.partitions() : [0, 1, 2];
        },
        disconnect: async () => void stats.disconnected++,
      } as unknown as BusAdmin;
    },
  } as unknown as MessageBus;
  return { bus, stats };
}

describe('GET /api/health', () => {
  it('reuses one admin connection across calls, and close() releases it', async () => {
    const { bus, stats } = fakeBus();
    const admin = new SharedAdmin(bus);
    const health = healthCheck(admin);
    for (let i = 0; i < 5; i++) expect((await health()).status).toBe(200);
    expect(stats).toEqual({ connected: 1, disconnected: 0, metadataRequests: 5 });
    await admin.close();
    expect(stats.disconnected).toBe(1);
    expect((await health()).status).toBe(503); // closed: no new connection
    expect(stats.connected).toBe(1);
  });

  it('shares one connection attempt and one metadata request among callers at the same time', async () => {
    const { bus, stats } = fakeBus({ connectMs: 20 });
    const admin = new SharedAdmin(bus);
    const health = healthCheck(admin);
    const answers = await Promise.all(Array.from({ length: 20 }, () => health()));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(stats).toMatchObject({ connected: 1, metadataRequests: 1 });
    await admin.close();
  });

  it('answers 503 when connecting is slow, keeps the late connection for the next call, and closes it', async () => {
    const { bus, stats } = fakeBus({ connectMs: 100 });
    const admin = new SharedAdmin(bus);
    const health = healthCheck(admin, { timeoutMs: 30 });
    const slow = await health();
    expect(slow).toMatchObject({ status: 503, body: { kafka: { reachable: false, error: 'a Kafka metadata request took over 30 ms' } } });
    await new Promise((r) => setTimeout(r, 120));
    expect((await health()).status).toBe(200);
    expect(stats.connected).toBe(1);
    await admin.close();
    expect(stats.disconnected).toBe(1);
  });

  it('drops a connection whose request failed and connects again on the next call', async () => {
    let fail = true;
    const { bus, stats } = fakeBus({ partitions: async () => (fail ? Promise.reject(new Error('broker gone')) : [0]) });
    const admin = new SharedAdmin(bus);
    const health = healthCheck(admin);
    expect(await health()).toMatchObject({ status: 503, body: { kafka: { error: 'broker gone' } } });
    await new Promise((r) => setImmediate(r));
    expect(stats).toMatchObject({ connected: 1, disconnected: 1 });
    fail = false;
    expect((await health()).status).toBe(200);
    expect(stats.connected).toBe(2);
    await admin.close();
    expect(stats.disconnected).toBe(2);
  });

  it('close() during a connection attempt disconnects the connection once it is made', async () => {
    const { bus, stats } = fakeBus({ connectMs: 50 });
    const admin = new SharedAdmin(bus);
    const pending = healthCheck(admin, { timeoutMs: 10 })();
    await admin.close(); // waits for the attempt in flight
    expect(stats).toMatchObject({ connected: 1, disconnected: 1 });
    expect((await pending).status).toBe(503);
  });

  it('answers 503 degraded when the reply topic is missing and could not be recreated, 200 while it is recreated', async () => {
    const { bus } = fakeBus();
    const admin = new SharedAdmin(bus);
    let replies: ReplyPath = 'ok';
    const health = healthCheck(admin, { replyPath: () => replies });
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', replies: 'ok' } });
    replies = 'recreating';
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', replies: 'recreating' } });
    replies = 'missing';
    expect(await health()).toMatchObject({ status: 503, body: { status: 'degraded', kafka: { reachable: true }, replies: 'missing' } });
    await admin.close();
  });
});
