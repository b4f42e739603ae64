import type { BusAdmin, Logger, PartitionLag } from '@puchi/kafka';
import { gauge } from '@puchi/subgraph-kit';

export const BROKER_METRICS = {
  consumerLag: 'puchi_kafka_consumer_lag',
  dltRecords: 'puchi_kafka_dlt_records',
  brokerReachable: 'puchi_kafka_broker_reachable',
} as const;

/**
 * How long one reading of the broker serves scrapes. Prometheus scrapes every 15 s by default; anyone may GET
 * `/metrics`, and without this each GET would cost the broker a round of admin requests per consumer group and
 * dead-letter topic.
 */
const FRESH_MS = 10_000;
/** A scrape must not hang on a broker that does not answer: past this, the reading is empty and reachable is 0. */
const READ_TIMEOUT_MS = 3_000;

interface Reading {
  reachable: boolean;
  lags: { group: string; lag: PartitionLag }[];
  dlt: { topic: string; records: number }[];
}

/** The admin connection a reading uses: the gateway's one (`SharedAdmin.use`). */
export type WithAdmin = <T>(fn: (admin: BusAdmin) => Promise<T>) => Promise<T>;

export interface BrokerSource {
  withAdmin: WithAdmin;
  /** The consumer groups whose lag to report: every domain's service group and reaction groups. */
  groups: readonly string[];
  logger: Logger;
}

let source: BrokerSource | undefined;
let cached: { at: number; reading: Promise<Reading> } | undefined;
let inFlight: Promise<Reading> | undefined;

async function read({ withAdmin, groups }: BrokerSource): Promise<Reading> {
  return withAdmin(async (admin) => {
    const lags = (await Promise.all(groups.map(async (group) => (await admin.groupOffsets(group)).map((lag) => ({ group, lag }))))).flat();
    const dltTopics = (await admin.listTopics()).filter((t) => t.endsWith('.DLT'));
    const dlt = await Promise.all(
      dltTopics.map(async (topic) => {
        const [low, high] = await Promise.all([admin.boundaryOffsets(topic, 'low'), admin.boundaryOffsets(topic, 'high')]);
        let records = 0;
        for (const h of high) records += Math.max(0, Number(BigInt(h.offset) - BigInt(low.find((l) => l.partition === h.partition)?.offset ?? h.offset)));
        return { topic, records };
      }),
    );
    return { reachable: true, lags, dlt };
  });
}

/** One reading shared by every gauge of a scrape and by scrapes within `FRESH_MS`. */
function reading(): Promise<Reading> {
  const current = source;
  if (!current) return Promise.resolve({ reachable: false, lags: [], dlt: [] });
  const now = Date.now();
  if (cached && now - cached.at < FRESH_MS) return cached.reading;
  // A read that outlived its timeout is still in flight: wait for it rather than pile another on a slow broker.
  const raw = (inFlight ??= read(current).finally(() => (inFlight = undefined)));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the broker took over ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS)));
  const next = Promise.race([raw, timeout])
    .catch((error: unknown): Reading => {
      current.logger.debug('metrics could not read consumer lag and dead letters from the broker', { error });
      return { reachable: false, lags: [], dlt: [] };
    })
    .finally(() => clearTimeout(timer));
  cached = { at: now, reading: next };
  return next;
}

/**
 * Consumer lag per group and partition and the records held in each dead-letter topic, read from the broker
 * through the gateway's admin connection when scraped (at most once per `FRESH_MS`), so the request path pays
 * nothing. One gateway per process reads them (the first registered); returns the function that unregisters it.
 */
export function trackBrokerGauges(from: BrokerSource): () => void {
  gauge({
    name: BROKER_METRICS.consumerLag,
    help: 'Records not yet consumed by a consumer group, per topic and partition (end offset − committed offset).',
    labelNames: ['group', 'topic', 'partition'] as const,
    async collect() {
      const { lags } = await reading();
      this.reset();
      for (const { group, lag } of lags) this.labels(group, lag.topic, String(lag.partition)).set(lag.lag);
    },
  });
  gauge({
    name: BROKER_METRICS.dltRecords,
    help: 'Records retained in each dead-letter topic (.DLT), over every partition.',
    labelNames: ['topic'] as const,
    async collect() {
      const { dlt } = await reading();
      this.reset();
      for (const { topic, records } of dlt) this.labels(topic).set(records);
    },
  });
  gauge({
    name: BROKER_METRICS.brokerReachable,
    help: 'Whether the last read of consumer lag and dead letters reached the broker (1) or not (0).',
    async collect() {
      this.set((await reading()).reachable ? 1 : 0);
    },
  });
  source ??= from;
  return () => {
    if (source !== from) return;
    source = undefined;
    cached = undefined;
  };
}
