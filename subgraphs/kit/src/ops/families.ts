import { Counter, Gauge, Histogram, register, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration, type Metric } from 'prom-client';

/**
 * Get-or-create on prom-client's global registry. Several of our components may share one process (tests run the
 * gateway and eight services together; the gateway reuses the services' Kafka families), and registering a name
 * twice throws: the first creation wins and later ones get it. A name taken by another kind of metric is a bug.
 */
function existing<M extends Metric>(name: string, kind: abstract new (...args: never[]) => M): M | undefined {
  const found = register.getSingleMetric(name);
  if (found === undefined) return undefined;
  if (!(found instanceof kind)) throw new Error(`metric ${name} is already registered as another type`);
  return found;
}

export function counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
  return existing(config.name, Counter<L>) ?? new Counter(config);
}

export function gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
  return existing(config.name, Gauge<L>) ?? new Gauge(config);
}

export function histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
  return existing(config.name, Histogram<L>) ?? new Histogram(config);
}

/**
 * Round-trip buckets, seconds: a Kafka request takes a few ms on one machine and up to its deadline (5 s by
 * default) when something is wrong.
 */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
