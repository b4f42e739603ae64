/**
 * Pure helpers behind the kafkajs#1303 workaround (see `./kafkajs.ts` and the kafka README): kafkajs 2.2.4's
 * `sendBatch` can resolve without having sent some partitions when a partition leader dies mid-send, so the
 * producer addresses every record to a partition itself and checks the acknowledgements against what it sent.
 * Nothing here knows kafkajs.
 */

/** A record whose partition is known before it is handed to the client. */
export interface Addressed {
  topic: string;
  partition: number;
}

/** One acknowledged (topic, partition) of a produce response (kafkajs's `RecordMetadata` has this shape). */
export interface Acknowledged {
  topicName: string;
  partition: number;
}

const pairKey = (topic: string, partition: number) => `${partition}:${topic}`;

/**
 * The records of `sent` whose (topic, partition) has no acknowledgement in `acknowledged`, in their original
 * order. A produce response acknowledges a partition as a whole (or the whole request fails), so a partition
 * without an entry was never written by this call.
 */
export function unacknowledged<T extends Addressed>(sent: readonly T[], acknowledged: readonly Acknowledged[]): T[] {
  const acked = new Set(acknowledged.map((a) => pairKey(a.topicName, a.partition)));
  return sent.filter((r) => !acked.has(pairKey(r.topic, r.partition)));
}

export interface PartitionsOfTopic {
  topic: string;
  /** Sorted ascending. */
  partitions: number[];
  records: number;
}

/** Groups records per topic, with the partitions they go to and how many there are: for logs and errors. */
export function summarize(records: readonly Addressed[]): PartitionsOfTopic[] {
  const byTopic = new Map<string, { partitions: Set<number>; records: number }>();
  for (const r of records) {
    const entry = byTopic.get(r.topic) ?? { partitions: new Set<number>(), records: 0 };
    entry.partitions.add(r.partition);
    entry.records++;
    byTopic.set(r.topic, entry);
  }
  return [...byTopic].map(([topic, { partitions, records: count }]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b), records: count }));
}

/** `orders[0,2] (5 records), audit[1] (1 record)`. */
export function describePartitions(summary: readonly PartitionsOfTopic[]): string {
  return summary.map((s) => `${s.topic}[${s.partitions.join(',')}] (${s.records} record${s.records === 1 ? '' : 's'})`).join(', ');
}

/**
 * Partition metadata per topic, kept without a round trip per send: filled by `load` the first time a topic
 * is needed (concurrent callers share one load), refreshed for free whenever the client shows its own
 * metadata (`observe`), dropped on errors that say it may be stale (`invalidate`).
 */
export class PartitionMetadataCache<M> {
  private readonly known = new Map<string, M[]>();
  private readonly loading = new Map<string, Promise<M[]>>();

  constructor(private readonly load: (topic: string) => Promise<M[]>) {}

  /** The cached metadata, or undefined when the topic has to be loaded first. */
  peek(topic: string): M[] | undefined {
    return this.known.get(topic);
  }

  async get(topic: string): Promise<M[]> {
    const known = this.known.get(topic);
    if (known) return known;
    let loading = this.loading.get(topic);
    if (!loading) {
      loading = this.load(topic)
        .then((metadata) => {
          // An invalidation while loading does not matter: what was loaded is at least as new as it.
          if (metadata.length > 0) this.known.set(topic, metadata);
          return metadata;
        })
        .finally(() => this.loading.delete(topic));
      this.loading.set(topic, loading);
    }
    return loading;
  }

  observe(topic: string, metadata: M[]): void {
    if (metadata.length > 0) this.known.set(topic, metadata);
  }

  invalidate(topic: string): void {
    this.known.delete(topic);
  }
}
