import { serviceDefinitions } from '@puchi/domains';
import { silentLogger, waitFor } from '@puchi/kafka';
import { startDomainService, type RunningService } from '@puchi/subgraph-kit';
import { startTestSystem, type TestSystem } from './system';
import { collect, wsClient } from './ws-client';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

/** The value of the one series `name{labels…}` of a Prometheus text scrape (labels matched as given), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

const scrape = async (url: string) => {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
};

describe('metrics', () => {
  it('counts a query at the gateway by name, type and outcome, with its Kafka requests, handlers and the broker state', async () => {
    const result = await system.query(`query LessonTitle($id: ID!) { lesson(id: $id) { title vocabulary { term } } }`, { id: 'es-a1-01' }, { userId: 'learner-ana' });
    expect(result.errors).toBeUndefined();
    const metricsUrl = `http://127.0.0.1:${system.gateway.port}/metrics`;
    const text = await scrape(metricsUrl);

    expect(sample(text, 'puchi_graphql_operation_duration_seconds_count', { operation: 'LessonTitle', type: 'query', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'puchi_kafka_request_duration_seconds_count', { topic: 'get-lesson-by-id', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'puchi_kafka_requests_in_flight', { topic: 'get-lesson-by-id' })).toBe(0);
    // The services run in this process: their families share its registry.
    expect(sample(text, 'puchi_kafka_handler_duration_seconds_count', { topic: 'get-lesson-by-id', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    // Each service announces itself at once (the seed may be on the topic already, from an earlier run).
    expect(sample(text, 'puchi_kafka_events_published_total', { topic: 'service-heartbeats', outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(text, 'puchi_kafka_events_consumed_total', { topic: 'lesson-events', outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(text, 'puchi_store_size_bytes', { domain: 'lesson' })).toBeGreaterThan(0);
    expect(sample(text, 'puchi_service_ready', { domain: 'lesson' })).toBe(1);
    expect(sample(text, 'puchi_kafka_consumer_lag', { group: 'lesson-service-group', topic: 'get-lesson-by-id' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'puchi_kafka_broker_reachable')).toBe(1);
    expect(sample(text, 'puchi_ws_connections')).toBe(0);
    expect(sample(text, 'puchi_circuit_state', { domain: 'lesson' })).toBe(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);

    const failed = await system.query(`query Broken { lesson(id: "es-a1-01") { nope } }`);
    expect(failed.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const after = await scrape(metricsUrl);
    expect(sample(after, 'puchi_graphql_operation_duration_seconds_count', { operation: 'unknown', type: 'unknown', outcome: 'error' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'puchi_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBeGreaterThanOrEqual(1);
  });

  it('counts a dead letter where it was written and in its .DLT topic', async () => {
    const metricsUrl = `http://127.0.0.1:${system.gateway.port}/metrics`;
    const dead = (text: string) => sample(text, 'puchi_kafka_dead_letters_total', { topic: 'get-lesson-by-id', reason: 'undecodable' }) ?? 0;
    const held = (text: string) => sample(text, 'puchi_kafka_dlt_records', { topic: 'get-lesson-by-id.DLT' }) ?? 0;
    const before = await scrape(metricsUrl);
    const producer = system.bus.producer();
    await producer.connect();
    await producer.send([{ topic: 'get-lesson-by-id', key: null, value: 'not json', headers: {} }]);
    await producer.disconnect();
    await waitFor('the lesson service dead-letters the record', async () => dead(await scrape(metricsUrl)) > dead(before), 20_000);
    // The broker's count is read at most every 10 s.
    await waitFor('the .DLT topic holds one more record', async () => held(await scrape(metricsUrl)) > held(before), 25_000, 1000);
  });

  it('counts WebSocket connections, live subscriptions and their topic feeds', async () => {
    const metricsUrl = `http://127.0.0.1:${system.gateway.port}/metrics`;
    const client = wsClient(system.gateway.url);
    try {
      const live = collect<{ lessonPublished: { id: string } }>(client, 'subscription { lessonPublished { id } }');
      await waitFor('the subscription to be live', () => system.gateway.subscriptions.hub.subscriberCount === 1);
      const text = await scrape(metricsUrl);
      expect(sample(text, 'puchi_ws_connections')).toBe(1);
      expect(sample(text, 'puchi_subscriptions_active')).toBe(1);
      expect(sample(text, 'puchi_subscription_feeds')).toBe(1);
      live.stop();
    } finally {
      await client.dispose();
    }
    await waitFor('the connection is no longer counted', async () => sample(await scrape(metricsUrl), 'puchi_ws_connections') === 0);
  });

  it("serves a service's /metrics, /health/live and /health/ready on its ops port", async () => {
    await system.stopService('media');
    let media: RunningService | undefined;
    try {
      media = await startDomainService(serviceDefinitions().media, { bus: system.bus, dbPath: system.dbPaths.media, logger: silentLogger, config: { ops: { port: 0, host: '127.0.0.1' } } });
      const base = media.opsUrl!;
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      const ready = await fetch(`${base}/health/ready`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
      const text = await scrape(`${base}/metrics`);
      expect(sample(text, 'puchi_service_ready', { domain: 'media' })).toBe(1);
      expect(sample(text, 'puchi_service_restore_seconds', { domain: 'media' })).toBeGreaterThan(0);
      expect(sample(text, 'puchi_store_size_bytes', { domain: 'media' })).toBeGreaterThan(0);
      // A request through the gateway reaches the restarted service and is counted on its handler.
      await waitFor('media answers through the gateway', async () => (await system.query(`{ lesson(id: "es-a1-02") { media { kind } } }`, undefined, { userId: 'learner-ana' })).errors === undefined, 20_000);
      const handled = await scrape(`${base}/metrics`);
      expect(sample(handled, 'puchi_kafka_handler_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThan(0);
    } finally {
      await media?.close();
    }
    // Closed with its service: the port answers no more.
    await expect(fetch(`${media!.opsUrl!}/health/live`)).rejects.toThrow();
  });
});
