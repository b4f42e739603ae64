import { randomBytes } from 'node:crypto';
import { BrokerUnavailableError } from '../errors';
import type { BusAdmin, IncomingRecord, MessageBus } from '../transport/port';

/** Offsets `[from, to)` of one partition. */
export interface PartitionRange {
  partition: number;
  from: bigint;
  to: bigint;
}

export interface ReadRangeOptions {
  /** Longest the read may take, joining the group included. */
  timeoutMs: number;
  /** Deleted again once the read is done; random per read, so readers never share a position. */
  groupPrefix: string;
  /** Runs an admin call (the group's deletion). */
  withAdmin: AdminRunner;
}

/** Runs `fn` on a connected admin client: a fresh one per call for a script, a shared one in the gateway. */
export type AdminRunner = <T>(fn: (admin: BusAdmin) => Promise<T>) => Promise<T>;

/** An `AdminRunner` that connects for each call and disconnects after it. */
export function adminPerCall(bus: MessageBus): AdminRunner {
  return async (fn) => {
    const admin = await bus.admin();
    try {
      return await fn(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };
}

/**
 * Reads the records of `topic` in the given ranges and stops. The port has no group-less reader, so this joins a
 * one-member group of its own, seeks each assigned partition to its range, commits nothing and deletes the group
 * when done. Offsets below the partition's start (gone with retention) simply yield nothing.
 */
export async function readRanges(bus: MessageBus, topic: string, ranges: PartitionRange[], options: ReadRangeOptions): Promise<IncomingRecord[]> {
  const wanted = ranges.filter((r) => r.to > r.from);
  if (wanted.length === 0) return [];
  const groupId = `${options.groupPrefix}.${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const consumer = bus.consumer({ groupId, commit: false, maxWaitTimeMs: 100 });
  const records: IncomingRecord[] = [];
  /** Per partition still being read: the first offset it has not reached yet. */
  const pending = new Map(wanted.map((r) => [r.partition, r]));
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));

  consumer.onAssignment((assignment) => {
    for (const partition of assignment[topic] ?? []) {
      const range = pending.get(partition);
      if (range) consumer.seek(topic, partition, range.from.toString());
    }
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    // From the beginning when a seek lands below the retained start: then the first retained record is next.
    await consumer.subscribe([topic], true);
    await consumer.run({
      partitionsConcurrently: 3,
      onBatch: async (batch) => {
        const range = pending.get(batch.partition);
        for (const record of batch.records) {
          if (batch.isStale()) return;
          batch.markProcessed(record.offset);
          if (!range) continue;
          const offset = BigInt(record.offset);
          if (offset >= range.from && offset < range.to) records.push(record);
          // Offsets can skip (a compacted or aborted record), so "reached the end" is "at or past the last one".
          if (offset >= range.to - 1n) {
            pending.delete(batch.partition);
            if (pending.size === 0) finish();
            return;
          }
        }
      },
    });
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BrokerUnavailableError('read a dead-letter topic', new Error(`its records did not all arrive within ${options.timeoutMs} ms`), topic)), options.timeoutMs);
    });
    await Promise.race([done, expired]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    // Tidiness only (the group committed nothing): a failure here must not hide the records read.
    await options.withAdmin((admin) => admin.deleteGroups([groupId])).catch(() => undefined);
  }
  return records;
}
