import fs from 'node:fs';
import path from 'node:path';
import { silentLogger, type BusAdmin } from '@puchi/kafka';
import { openStore, startServiceOps } from '@puchi/subgraph-kit';
import { register } from 'prom-client';
import { parse } from 'yaml';
import { circuitMetrics } from '../circuit';
import { gatewayMetrics } from '.';

const RULES_FILE = path.resolve(__dirname, '../../../deploy/prometheus/alerts.yml');

/** Series Prometheus makes itself for every target, not registered by any process. */
const PROMETHEUS_OWN = new Set(['up']);

const PROMQL_WORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'inf', 'nan']);

/**
 * The metric names an expression reads: what is left once strings, label matchers, ranges, grouping clauses and
 * function calls are taken out. Enough for the PromQL our rules use (no `{__name__=…}` selectors).
 */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = match[0];
    const next = bare.slice(match.index + word.length).trimStart();
    if (next.startsWith('(') || PROMQL_WORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}

/** Every series name this process exposes, a histogram as its `_bucket`, `_sum` and `_count`. */
async function exposedNames(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const metric of await register.getMetricsAsJSON()) {
    // prom-client types `type` as a numeric enum, but writes the Prometheus type's name.
    const type = String(metric.type);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
    else if (type === 'summary') for (const suffix of ['', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
    else names.add(metric.name);
  }
  return names;
}

interface Rule {
  alert?: unknown;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

describe('Prometheus alert rules (deploy/prometheus/alerts.yml)', () => {
  const file = parse(fs.readFileSync(RULES_FILE, 'utf8')) as { groups?: { name?: unknown; rules?: Rule[] }[] };
  const rules = (file.groups ?? []).flatMap((g) => g.rules ?? []);

  it('has the shape Prometheus loads: named groups of alerts, each with an expression, labels and annotations', () => {
    expect(Array.isArray(file.groups) && file.groups.length > 0).toBe(true);
    for (const group of file.groups!) {
      expect(typeof group.name).toBe('string');
      expect(Array.isArray(group.rules) && group.rules.length > 0).toBe(true);
    }
    const names = rules.map((r) => r.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of rules) {
      expect(Object.keys(rule).every((k) => ['alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'].includes(k))).toBe(true);
      expect(rule.alert).toMatch(/^Puchi[A-Za-z]+$/);
      expect(typeof rule.expr === 'string' && rule.expr.trim().length > 0).toBe(true);
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical']).toContain(rule.labels?.severity);
      expect(typeof rule.annotations?.summary).toBe('string');
      expect(typeof rule.annotations?.description).toBe('string');
    }
  });

  it('alerts on consumer lag, error rates, an open circuit, dead letters and a service restoring too long', () => {
    const exprs = rules.map((r) => String(r.expr)).join('\n');
    for (const metric of ['puchi_kafka_consumer_lag', 'puchi_graphql_operation_duration_seconds_count', 'puchi_kafka_request_duration_seconds_count', 'puchi_circuit_state', 'puchi_kafka_dlt_records', 'puchi_kafka_dead_letters_total', 'puchi_service_ready']) {
      expect(exprs).toContain(metric);
    }
  });

  it('names only metrics the gateway or a service registers (or Prometheus own up)', async () => {
    // What a gateway and a service register when they start, created here as they create them.
    const metrics = gatewayMetrics(silentLogger);
    metrics.plugin();
    const admin = { groupOffsets: async () => [], listTopics: async () => [], boundaryOffsets: async () => [] } as unknown as BusAdmin;
    metrics.track({ connections: () => 0, hub: { subscriberCount: 0, groupCount: 0 }, feeds: { topics: [] } }, (fn) => fn(admin));
    circuitMetrics();
    const ops = await startServiceOps('alerts-test', undefined, silentLogger);
    const db = openStore(':memory:', []);
    ops.started(db);
    try {
      const exposed = await exposedNames();
      const unknown = rules.flatMap((rule) => metricNamesIn(String(rule.expr)).filter((name) => !exposed.has(name) && !PROMETHEUS_OWN.has(name)).map((name) => `${String(rule.alert)}: ${name}`));
      expect(unknown).toEqual([]);
      for (const rule of rules) expect(metricNamesIn(String(rule.expr)).length).toBeGreaterThan(0);
    } finally {
      metrics.close();
      await ops.close();
      db.close();
    }
  });

  it('finds the metric names of an expression, and only those', () => {
    expect(metricNamesIn('sum by (group) (rate(puchi_a_total{outcome=~"x|y"}[5m])) / ignoring (job) sum(puchi_b) > 0.05 and up == 0')).toEqual(['puchi_a_total', 'puchi_b', 'up']);
  });
});
