import type { BusProducer, OutgoingRecord } from './port';

export interface CoalescingSenderOptions {
  /**
   * Produce requests allowed in flight at once. While they are all busy, new records queue and leave
   * together in the next request: the batching a linger would give, without waiting when idle. Default 2.
   */
  maxInFlight?: number;
  /** Most records in one produce request. Default 500. */
  maxBatch?: number;
  /**
   * Most bytes (values, keys and headers) in one produce request. The broker refuses a record batch over
   * `message.max.bytes` (1 MiB by default), and one partition's records form one batch. Default 900000.
   */
  maxBatchBytes?: number;
}

function sizeOf(record: OutgoingRecord): number {
  let size = (record.value?.length ?? 0) + (record.key?.length ?? 0) + 70; // 70: record and batch overhead, roughly
  for (const [name, value] of Object.entries(record.headers ?? {})) size += name.length + value.length + 2;
  return size;
}

interface Queued {
  record: OutgoingRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * kafkajs has no linger: each `send()` is its own produce request. This sends everything queued in the
 * same event-loop turn (flushed on `setImmediate`) as one `sendBatch`, which is what makes 256 concurrent
 * requests cost a handful of produce round trips instead of 256.
 */
export class CoalescingSender {
  private queue: Queued[] = [];
  private scheduled = false;
  private inFlight = 0;
  private readonly idle: (() => void)[] = [];
  private readonly maxInFlight: number;
  private readonly maxBatch: number;
  private readonly maxBatchBytes: number;

  constructor(
    private readonly producer: BusProducer,
    options: CoalescingSenderOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 2;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxBatchBytes = options.maxBatchBytes ?? 900_000;
    if (this.maxInFlight < 1) throw new RangeError('maxInFlight must be at least 1');
    if (this.maxBatch < 1) throw new RangeError('maxBatch must be at least 1');
  }

  /** Resolves when the produce request carrying `record` is acknowledged; rejects with its error. */
  send(record: OutgoingRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Resolves once nothing is queued or in flight (used by graceful shutdown). */
  flush(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** How many queued records fit in the next request (at least one: an oversized record fails alone). */
  private batchLength(): number {
    let bytes = 0;
    let n = 0;
    for (const q of this.queue) {
      bytes += sizeOf(q.record);
      if (n >= this.maxBatch || (n > 0 && bytes > this.maxBatchBytes)) break;
      n++;
    }
    return n;
  }

  /**
   * Sends one request for the batch; if it fails and holds several topics, each topic's records once more on their
   * own, so one topic's failure (a caller's deleted reply topic fails a whole kafkajs `sendBatch`) is that topic's only.
   */
  private async sendIsolated(batch: Queued[]): Promise<void> {
    try {
      await this.producer.send(batch.map((q) => q.record));
      for (const q of batch) q.resolve();
      return;
    } catch (error) {
      const byTopic = new Map<string, Queued[]>();
      for (const q of batch) byTopic.set(q.record.topic, [...(byTopic.get(q.record.topic) ?? []), q]);
      if (byTopic.size === 1) {
        for (const q of batch) q.reject(error);
        return;
      }
      await Promise.all(
        [...byTopic.values()].map((group) =>
          this.producer.send(group.map((q) => q.record)).then(
            () => group.forEach((q) => q.resolve()),
            (alone: unknown) => group.forEach((q) => q.reject(alone)),
          ),
        ),
      );
    }
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchLength());
      this.inFlight++;
      this.sendIsolated(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
    if (this.queue.length === 0 && this.inFlight === 0 && !this.scheduled) {
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }
}
