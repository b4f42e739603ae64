import { register, type Metric } from 'prom-client';

/**
 * Families recorded on every Kafka request and event: prom-client's own children hash their label values into a
 * string and build a label object on each `inc` or `observe` (about 1 µs each, measured here, and garbage). These
 * keep one plain record per label pair, found by two map lookups, and build prom-client's output only when
 * scraped: recording allocates nothing. Registered on prom-client's global registry like any metric
 * (`register.registerMetric` accepts any object with `get()`), so `/metrics` and `getSingleMetric` see them.
 * Two labels at most (topic and outcome or reason, from small fixed sets).
 */
abstract class HotFamily<S> {
  readonly aggregator = 'sum';
  private readonly children = new Map<string, Map<string, S>>();
  private readonly order: { labels: Record<string, string>; series: S }[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}

  /** The series of (`first`, `second`) label values; `second` is ignored by a family with one label. */
  child(first = '', second = ''): S {
    let bySecond = this.children.get(first);
    if (bySecond === undefined) this.children.set(first, (bySecond = new Map()));
    let series = bySecond.get(second);
    if (series === undefined) {
      series = this.create();
      bySecond.set(second, series);
      const values = [first, second];
      this.order.push({ labels: Object.fromEntries(this.labelNames.map((label, i) => [label, values[i]!])), series });
    }
    return series;
  }

  /** prom-client's `resetMetrics()`: back to zero, series kept (children handed out stay valid). */
  reset(): void {
    for (const { series } of this.order) this.clear(series);
  }

  protected entries(): readonly { labels: Record<string, string>; series: S }[] {
    return this.order;
  }

  protected abstract create(): S;
  protected abstract clear(series: S): void;
}

export class HotCounterSeries {
  value = 0;
  inc(by = 1): void {
    this.value += by;
  }
}

export class HotCounter extends HotFamily<HotCounterSeries> {
  readonly type = 'counter';
  protected create(): HotCounterSeries {
    return new HotCounterSeries();
  }
  protected clear(series: HotCounterSeries): void {
    series.value = 0;
  }
  get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.entries().map(({ labels, series }) => ({ labels, value: series.value })) };
  }
}

export class HotGaugeSeries {
  value = 0;
  inc(): void {
    this.value++;
  }
  dec(): void {
    this.value--;
  }
}

export class HotGauge extends HotFamily<HotGaugeSeries> {
  readonly type = 'gauge';
  protected create(): HotGaugeSeries {
    return new HotGaugeSeries();
  }
  protected clear(series: HotGaugeSeries): void {
    series.value = 0;
  }
  get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: this.entries().map(({ labels, series }) => ({ labels, value: series.value })) };
  }
}

export class HotHistogramSeries {
  sum = 0;
  count = 0;
  /** Per bucket (not cumulative: cumulated when scraped), the last one past every bound (+Inf). */
  readonly counts: Float64Array;
  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }
  observe(value: number): void {
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}

export class HotHistogram extends HotFamily<HotHistogramSeries> {
  readonly type = 'histogram';
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
  }
  protected create(): HotHistogramSeries {
    return new HotHistogramSeries(this.buckets);
  }
  protected clear(series: HotHistogramSeries): void {
    series.counts.fill(0);
    series.sum = 0;
    series.count = 0;
  }
  get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const { labels, series } of this.entries()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += series.counts[i]!;
        values.push({ labels: { le: bound, ...labels }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { le: '+Inf', ...labels }, value: series.count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

type HotKind = typeof HotCounter | typeof HotGauge | typeof HotHistogram;

/** Get-or-create on the global registry, as `families.ts` does for prom-client's own kinds. */
function hot<K extends HotKind>(kind: K, make: () => InstanceType<K>, name: string): InstanceType<K> {
  const found = register.getSingleMetric(name) as unknown;
  if (found !== undefined) {
    if (!(found instanceof kind)) throw new Error(`metric ${name} is already registered as another type`);
    return found as InstanceType<K>;
  }
  const created = make();
  register.registerMetric(created as unknown as Metric);
  return created;
}

export function hotCounter(name: string, help: string, labelNames: readonly string[]): HotCounter {
  return hot(HotCounter, () => new HotCounter(name, help, labelNames), name);
}

export function hotGauge(name: string, help: string, labelNames: readonly string[]): HotGauge {
  return hot(HotGauge, () => new HotGauge(name, help, labelNames), name);
}

export function hotHistogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): HotHistogram {
  return hot(HotHistogram, () => new HotHistogram(name, help, labelNames, buckets), name);
}
