/**
 * After the run: every domain event of the checked topics (read from the beginning by a throwaway consumer), and
 * every instance's store (read-only, once it has projected its event topic to the end).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Admin, Kafka } from 'kafkajs';
import type { Instance } from './processes';

/** One record of a domain's event topic, as the checks need it. */
export interface TopicEvent {
  topic: string;
  partition: number;
  offset: string;
  id: string;
  type: string;
  subject: string;
  idempotencyKey?: string;
  caller?: string;
}

export const eventTopic = (domain: string) => `${domain}-events`;

type Highs = Map<number, bigint>;

async function highOffsets(admin: Admin, topic: string): Promise<Highs> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
}

/** Every record of `topics` up to their current end offsets. */
export async function readTopics(kafka: Kafka, admin: Admin, topics: string[], timeoutMs = 60_000): Promise<TopicEvent[]> {
  const ends = new Map<string, Highs>();
  for (const t of topics) ends.set(t, await highOffsets(admin, t));
  const remaining = new Set<string>();
  for (const [t, highs] of ends) for (const [p, h] of highs) if (h > 0n) remaining.add(`${t}/${p}`);
  const events: TopicEvent[] = [];
  const consumer = kafka.consumer({ groupId: `chaos-reader-${randomUUID()}`, readUncommitted: false });
  await consumer.connect();
  for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
  const header = (h: unknown) => (h === undefined ? undefined : Buffer.isBuffer(h) ? h.toString('utf8') : Array.isArray(h) ? String(h[0]) : String(h));
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const end = ends.get(topic)?.get(partition) ?? 0n;
      if (BigInt(message.offset) + 1n >= end) remaining.delete(`${topic}/${partition}`);
      if (BigInt(message.offset) >= end || !message.value) return;
      let body: { id?: string; type?: string; subject?: string };
      try {
        body = JSON.parse(message.value.toString('utf8')) as typeof body;
      } catch {
        return;
      }
      const key = header(message.headers?.['x-idempotency-key']);
      const caller = header(message.headers?.['x-idempotency-caller']);
      events.push({ topic, partition, offset: message.offset, id: body.id ?? '', type: body.type ?? '', subject: body.subject ?? '', ...(key ? { idempotencyKey: key } : {}), ...(caller ? { caller } : {}) });
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (remaining.size > 0 && Date.now() < deadline) await sleep(200);
  await consumer.disconnect();
  if (remaining.size > 0) throw new Error(`could not read ${[...remaining].join(', ')} to the end within ${timeoutMs} ms`);
  return events;
}

/** The positions a store has projected its event topic to (`projection_offsets`). */
export function storeOffsets(dbPath: string): Highs {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT partition, next_offset FROM projection_offsets').all() as { partition: number; next_offset: string }[];
    return new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
  } finally {
    db.close();
  }
}

/** Waits until every instance's store has projected its domain's event topic to the topic's end; returns the laggards. */
export async function waitStoresCaughtUp(admin: Admin, instances: Instance[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let behind: string[] = [];
  for (;;) {
    behind = [];
    const highs = new Map<string, Highs>();
    for (const i of instances) {
      if (!highs.has(i.domain)) highs.set(i.domain, await highOffsets(admin, eventTopic(i.domain)));
      let offsets: Highs;
      try {
        offsets = storeOffsets(i.dbPath);
      } catch {
        behind.push(`${i.name} (no store)`);
        continue;
      }
      const lag = [...highs.get(i.domain)!].filter(([p, h]) => (offsets.get(p) ?? 0n) < h).map(([p, h]) => `p${p} ${offsets.get(p) ?? 0n}/${h}`);
      if (lag.length > 0) behind.push(`${i.name} (${lag.join(', ')})`);
    }
    if (behind.length === 0 || Date.now() > deadline) return behind;
    await sleep(500);
  }
}

/** A table's rows, as the checks compare them. */
export type Rows = Record<string, unknown>[];

/** The store's tables (but the kit's `projection_offsets` and `idempotency_keys`, local by nature), sorted; `applied_events` as its event ids. */
export function readStore(dbPath: string): Record<string, Rows> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
    const out: Record<string, Rows> = {};
    for (const table of tables.sort()) {
      if (table === 'projection_offsets' || table === 'idempotency_keys' || table.startsWith('schema_')) continue;
      const query = table === 'applied_events' ? 'SELECT event_id FROM applied_events ORDER BY event_id' : `SELECT * FROM "${table}" ORDER BY 1, 2`;
      out[table] = db.prepare(query).all() as Rows;
    }
    return out;
  } finally {
    db.close();
  }
}
