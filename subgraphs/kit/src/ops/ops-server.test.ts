import { silentLogger } from '@puchi/kafka';
import { register } from 'prom-client';
import { openStore } from '../store';
import { counter, gauge } from './families';
import { kafkaMetrics, KAFKA_METRICS } from './kafka-metrics';
import { startOpsServer, type Readiness } from './ops-server';
import { SERVICE_METRICS, startServiceOps } from './service-ops';
import { STORE_METRICS } from './store-metrics';

describe('ops server', () => {
  it('answers live at once, ready only while ready, and serves the registry as Prometheus text', async () => {
    let state: Readiness = 'starting';
    const server = await startOpsServer({ port: 0, host: '127.0.0.1' }, () => state, silentLogger);
    try {
      const get = (path: string, method = 'GET') => fetch(`${server.url}${path}`, { method });
      expect((await get('/health/live')).status).toBe(200);
      const starting = await get('/health/ready');
      expect([starting.status, await starting.json()]).toEqual([503, { status: 'starting' }]);
      state = 'ready';
      expect((await get('/health/ready')).status).toBe(200);
      state = 'stopping';
      expect((await get('/health/ready')).status).toBe(503);
      expect((await get('/health/live')).status).toBe(200);

      counter({ name: 'puchi_test_ops_scrapes_total', help: 'test' }).inc();
      const metrics = await get('/metrics');
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(await metrics.text()).toMatch(/^puchi_test_ops_scrapes_total 1$/m);
      expect((await get('/elsewhere')).status).toBe(404);
      expect((await get('/metrics', 'POST')).status).toBe(405);
    } finally {
      await server.close();
    }
  });
});

describe('service metrics', () => {
  it('creates a family once per process: a second creation gets the first', () => {
    const first = gauge({ name: 'puchi_test_shared', help: 'test' });
    expect(gauge({ name: 'puchi_test_shared', help: 'test' })).toBe(first);
    expect(() => counter({ name: 'puchi_test_shared', help: 'test' })).toThrow('already registered as another type');
  });

  it('records the Kafka hooks per topic and outcome', async () => {
    const hooks = kafkaMetrics();
    expect(kafkaMetrics()).toBe(hooks);
    hooks.requestStarted!('ops-test-topic');
    hooks.requestStarted!('ops-test-topic');
    hooks.requestFinished!('ops-test-topic', 'timeout', 5);
    hooks.eventPublished!('ops-test-events', 'ok');
    hooks.deadLettered!('ops-test-events', 'undecodable');
    const text = await register.metrics();
    expect(text).toContain(`${KAFKA_METRICS.requestsInFlight}{topic="ops-test-topic"} 1`);
    expect(text).toContain(`${KAFKA_METRICS.requestDuration}_count{topic="ops-test-topic",outcome="timeout"} 1`);
    expect(text).toContain(`${KAFKA_METRICS.eventsPublished}{topic="ops-test-events",outcome="ok"} 1`);
    expect(text).toContain(`${KAFKA_METRICS.deadLetters}{topic="ops-test-events",reason="undecodable"} 1`);
  });

  it('is not ready while starting, reports the store size once started, and serves no port unless asked', async () => {
    const db = openStore(':memory:', ['CREATE TABLE words (id TEXT PRIMARY KEY)']);
    const ops = await startServiceOps('ops-test', undefined, silentLogger);
    expect(ops.url).toBeUndefined();
    expect(await register.getSingleMetricAsString(SERVICE_METRICS.ready)).toContain('puchi_service_ready{domain="ops-test"} 0');
    ops.restored();
    ops.started(db);
    expect(await register.getSingleMetricAsString(SERVICE_METRICS.ready)).toContain('puchi_service_ready{domain="ops-test"} 1');
    expect(await register.getSingleMetricAsString(STORE_METRICS.size)).toMatch(/puchi_store_size_bytes\{domain="ops-test"\} [1-9]\d*/);
    await ops.close();
    expect(await register.getSingleMetricAsString(STORE_METRICS.size)).not.toContain('domain="ops-test"');
    db.close();
  });
});

describe('ops server port', () => {
  it('refuses to start on a port already taken, saying how to fix it', async () => {
    const first = await startOpsServer({ port: 0, host: '127.0.0.1' }, () => 'ready', silentLogger);
    try {
      await expect(startOpsServer({ port: first.port, host: '127.0.0.1' }, () => 'ready', silentLogger)).rejects.toMatchObject({ name: 'OpsServerError', fix: expect.stringContaining('OPS_PORT') });
    } finally {
      await first.close();
    }
  });
});
