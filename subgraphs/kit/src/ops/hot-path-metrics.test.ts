import { Counter, Gauge, Histogram, Registry, register } from 'prom-client';
import { HotCounter, HotGauge, HotHistogram, hotHistogram } from './hot-path-metrics';

/** The Prometheus text of one metric alone on a registry of its own. */
async function text(metric: object): Promise<string> {
  const registry = new Registry();
  registry.registerMetric(metric as Counter);
  return registry.metrics();
}

describe('hot-path metrics', () => {
  it("scrape exactly as prom-client's own histogram, counter and gauge given the same records", async () => {
    const buckets = [0.01, 0.1, 1];
    const hot = new HotHistogram('h_seconds', 'help', ['topic', 'outcome'], buckets);
    const reference = new Histogram({ name: 'h_seconds', help: 'help', labelNames: ['topic', 'outcome'], buckets, registers: [] });
    for (const [topic, outcome, value] of [['a', 'ok', 0.005], ['a', 'ok', 0.01], ['a', 'ok', 0.5], ['b', 'timeout', 7]] as const) {
      hot.child(topic, outcome).observe(value);
      reference.labels(topic, outcome).observe(value);
    }
    expect(await text(hot)).toBe(await text(reference));

    const hotCounter = new HotCounter('c_total', 'help', ['topic']);
    const counter = new Counter({ name: 'c_total', help: 'help', labelNames: ['topic'], registers: [] });
    hotCounter.child('a').inc();
    hotCounter.child('a').inc(2);
    counter.labels('a').inc(3);
    expect(await text(hotCounter)).toBe(await text(counter));

    const hotGauge = new HotGauge('g', 'help', ['topic']);
    const gauge = new Gauge({ name: 'g', help: 'help', labelNames: ['topic'], registers: [] });
    hotGauge.child('a').inc();
    hotGauge.child('a').inc();
    hotGauge.child('a').dec();
    gauge.labels('a').set(1);
    expect(await text(hotGauge)).toBe(await text(gauge));
  });

  it('hands out the same series for the same labels, and keeps them through a registry reset', () => {
    const family = hotHistogram('puchi_test_hot_seconds', 'help', ['topic', 'outcome'], [1]);
    expect(hotHistogram('puchi_test_hot_seconds', 'help', ['topic', 'outcome'], [1])).toBe(family);
    const series = family.child('t', 'ok');
    expect(family.child('t', 'ok')).toBe(series);
    series.observe(2);
    register.resetMetrics();
    expect(series.count).toBe(0);
    series.observe(0.5);
    expect(family.get().values.find((v) => v.metricName === 'puchi_test_hot_seconds_count')?.value).toBe(1);
  });
});
