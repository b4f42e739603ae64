import fs from 'node:fs';
import { EVENT_TOPICS, subscribe, type MessageBus } from '@puchi/kafka';
import type { DomainServiceDefinition } from './service';
import { applyOnce, openStore } from './store';

const IDLE_MS = 30_000;

export interface ReplayResult {
  events: number;
  dbPath: string;
}

/**
 * Rebuilds a domain's store from its event topic: a fresh store next to the old one is filled by applying
 * every retained event of `<domain>-events` in partition order through `project`, then replaces the old file.
 * Run it with the domain's service stopped (the service holds the store open).
 */
export async function replayDomain(definition: DomainServiceDefinition, bus: MessageBus, dbPath: string): Promise<ReplayResult> {
  const topic = EVENT_TOPICS[definition.domain];
  const admin = await bus.admin();
  const [starts, ends] = await Promise.all([admin.boundaryOffsets(topic, 'low'), admin.boundaryOffsets(topic, 'high')]);
  await admin.disconnect();
  // Partitions with nothing retained are done before they start.
  const low = new Map(starts.map((p) => [p.partition, p.offset]));
  const remaining = new Map(ends.filter((p) => low.get(p.partition) !== p.offset).map((p) => [p.partition, BigInt(p.offset)]));

  const building = `${dbPath}.replay-${process.pid}`;
  fs.rmSync(building, { force: true });
  const db = openStore(building, definition.migrations);
  let events = 0;
  try {
    if (remaining.size > 0) {
      let done!: () => void;
      let fail!: (error: Error) => void;
      const finished = new Promise<void>((resolve, reject) => ((done = resolve), (fail = reject)));
      // An event the subscriber dead-letters never reaches the handler; don't wait for it forever.
      let idle = setTimeout(() => fail(new Error(`replay of ${topic} made no progress for ${IDLE_MS} ms`)), IDLE_MS);
      const subscription = await subscribe({
        bus,
        topic,
        mode: 'fanout',
        from: 'beginning',
        handler: (event, context) => {
          applyOnce(db, event.id, () => definition.project(db, event));
          events++;
          clearTimeout(idle);
          idle = setTimeout(() => fail(new Error(`replay of ${topic} made no progress for ${IDLE_MS} ms`)), IDLE_MS);
          const end = remaining.get(context.partition);
          if (end !== undefined && BigInt(context.offset) + 1n >= end) remaining.delete(context.partition);
          if (remaining.size === 0) done();
        },
      });
      try {
        await finished;
      } finally {
        clearTimeout(idle);
        await subscription.close();
      }
    }
    db.close();
  } catch (error) {
    db.close();
    fs.rmSync(building, { force: true });
    throw error;
  }
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
  fs.renameSync(building, dbPath);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(building + suffix, { force: true });
  return { events, dbPath };
}
