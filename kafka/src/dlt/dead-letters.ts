import { DLT_HEADERS, deadLetterTopicOf } from '../dead-letter';
import { AlreadyRedrivenError, DeadLetterNotFoundError, InvalidOptionError, UnknownTopicError } from '../errors';
import type { BusProducer, IncomingRecord, MessageBus, RecordHeaders } from '../transport/port';
import { unlessVanished } from '../admin';
import { adminPerCall, readRanges, type AdminRunner } from './read-range';

/**
 * Headers of a re-drive marker: a record with no key and no value that `redrive` writes to the dead letter's own
 * partition of the `.DLT` once the original is back on its topic. The marker sits after the record it marks, in
 * the same partition, so whoever reads a window of the `.DLT` that holds a dead letter also sees its marker.
 */
export const REDRIVE_HEADERS = {
  /** On the marker: the offset of the dead letter it marks, in the marker's own partition. */
  redrivenOffset: 'x-dlt-redriven-offset',
  redrivenAt: 'x-dlt-redriven-at',
  /** Who asked (a user id from the console, `cli` from `npm run dlt`). */
  redrivenBy: 'x-dlt-redriven-by',
  /** On the re-driven record: `<dlt topic>/<partition>/<offset>` it came from, for whoever traces it later. */
  redrivenFrom: 'x-dlt-redriven-from',
} as const;

const DLT_SUFFIX = '.DLT';
const DLT_HEADER_NAMES = new Set<string>(Object.values(DLT_HEADERS));

export interface DeadLetter {
  /** Where the dead letter is: the `.DLT` topic, partition and offset. */
  topic: string;
  partition: number;
  offset: string;
  /** When it was dead-lettered (ISO). */
  deadLetteredAt: string;
  /** Where it was read from when it failed. */
  original: { topic: string; partition: number | null; offset: string | null; timestamp: string | null };
  /** A `DeadLetterReason` (`undecodable`, `handler-failed`, `bad-reply-topic`), or what another writer put there. */
  reason: string | null;
  error: { class: string | null; message: string | null };
  key: string | null;
  /** The value as UTF-8 text, as it was (it may be what could not be decoded). */
  value: string | null;
  /** The original record's own headers (the dead-letter ones are above). */
  headers: RecordHeaders;
  /** Set once re-driven. */
  redriven: { at: string; by: string | null } | null;
}

export interface DeadLetterTopic {
  topic: string;
  /** The topic its records came from. */
  originalTopic: string;
  partitions: number;
  /** Offsets retained (dead letters and re-drive markers): zero means nothing to look at. */
  retained: number;
}

export interface RedriveResult {
  deadLetter: DeadLetter;
  /** Where the record went back to. */
  topic: string;
  partition: number | null;
  redrivenAt: string;
}

export interface DeadLettersOptions {
  bus: MessageBus;
  /** How admin calls are made. Default: a connection per call (a script); the gateway passes its shared one. */
  withAdmin?: AdminRunner;
  /** Longest one read of a `.DLT` may take, joining its reader group included. Default 15000 ms. */
  readTimeoutMs?: number;
}

/** `list` returns at most this many dead letters unless told otherwise: a screen's worth. */
export const DEFAULT_LIST_LIMIT = 20;
/** `list` never reads more than this per partition: the tool stays cheap on a `.DLT` that filled up. */
export const MAX_LIST_LIMIT = 500;

/** `<topic>.DLT` for an original topic, the name itself for a `.DLT`. */
export function asDeadLetterTopic(topic: string): string {
  return topic.endsWith(DLT_SUFFIX) ? topic : deadLetterTopicOf(topic);
}

const isMarker = (record: IncomingRecord) => record.headers[REDRIVE_HEADERS.redrivenOffset] !== undefined;

function toDeadLetter(record: IncomingRecord, marker: IncomingRecord | undefined): DeadLetter {
  const h = record.headers;
  const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);
  const originalTimestamp = int(h[DLT_HEADERS.originalTimestamp]);
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    deadLetteredAt: new Date(record.timestamp).toISOString(),
    original: {
      topic: h[DLT_HEADERS.originalTopic] ?? record.topic.slice(0, -DLT_SUFFIX.length),
      partition: int(h[DLT_HEADERS.originalPartition]),
      offset: h[DLT_HEADERS.originalOffset] ?? null,
      timestamp: originalTimestamp === null ? null : new Date(originalTimestamp).toISOString(),
    },
    reason: h[DLT_HEADERS.reason] ?? null,
    error: { class: h[DLT_HEADERS.exceptionClass] ?? null, message: h[DLT_HEADERS.exceptionMessage] ?? null },
    key: record.key,
    value: record.value === null ? null : record.value.toString('utf8'),
    headers: Object.fromEntries(Object.entries(h).filter(([name]) => !DLT_HEADER_NAMES.has(name))),
    redriven: marker ? { at: marker.headers[REDRIVE_HEADERS.redrivenAt] ?? new Date(marker.timestamp).toISOString(), by: marker.headers[REDRIVE_HEADERS.redrivenBy] ?? null } : null,
  };
}

/** Dead letters with their markers applied: markers are not dead letters, they flag the one they name. */
function decode(records: IncomingRecord[]): DeadLetter[] {
  const markers = new Map<string, IncomingRecord>();
  for (const r of records) if (isMarker(r)) markers.set(`${r.partition}/${r.headers[REDRIVE_HEADERS.redrivenOffset]}`, r);
  return records.filter((r) => !isMarker(r)).map((r) => toDeadLetter(r, markers.get(`${r.partition}/${r.offset}`)));
}

/**
 * The one implementation of dead-letter handling: `npm run dlt` and the gateway's console both call it.
 *
 * Re-drive writes the original record (key, value, its own headers, to the partition it was read from) back to its
 * topic, then a marker into the `.DLT` (see `REDRIVE_HEADERS`); a dead letter with a marker is refused a second
 * time. Between the two writes a crash leaves an unmarked dead letter that was re-driven: a second re-drive
 * delivers it again, which consumers absorb because events are applied once by id (the stores' `applied_events`,
 * reactions' derived ids). Re-drives through one instance run one at a time, so two clicks never both pass the check.
 */
/** The `id` of the event envelope a dead letter holds, if it holds one. */
function eventIdOf(value: string | null): string | undefined {
  if (!value) return undefined;
  try {
    const id = (JSON.parse(value) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export class DeadLetters {
  private readonly bus: MessageBus;
  private readonly withAdmin: AdminRunner;
  private readonly readTimeoutMs: number;
  private producer?: Promise<BusProducer>;
  private redriving: Promise<unknown> = Promise.resolve();

  constructor(options: DeadLettersOptions) {
    this.bus = options.bus;
    this.withAdmin = options.withAdmin ?? adminPerCall(options.bus);
    this.readTimeoutMs = options.readTimeoutMs ?? 15_000;
  }

  /** Every `.DLT` topic of the cluster, with how many offsets it retains. */
  async topics(): Promise<DeadLetterTopic[]> {
    return this.withAdmin(async (admin) => {
      const names = (await admin.listTopics()).filter((t) => t.endsWith(DLT_SUFFIX)).sort();
      const topics: DeadLetterTopic[] = [];
      // One topic at a time: kafkajs's admin shares one metadata cache that concurrent calls refresh for each other.
      for (const topic of names) {
        const offsets = await unlessVanished(Promise.all([admin.boundaryOffsets(topic, 'low'), admin.boundaryOffsets(topic, 'high')]));
        if (!offsets) continue;
        const [low, high] = offsets;
        const retained = high.reduce((sum, h) => sum + Number(BigInt(h.offset) - BigInt(low.find((l) => l.partition === h.partition)?.offset ?? h.offset)), 0);
        topics.push({ topic, originalTopic: topic.slice(0, -DLT_SUFFIX.length), partitions: high.length, retained });
      }
      return topics;
    });
  }

  /** The newest dead letters of `topic` (a `.DLT` or the topic it serves), newest first, at most `limit`. */
  async list(topic: string, options: { limit?: number } = {}): Promise<DeadLetter[]> {
    const limit = options.limit ?? DEFAULT_LIST_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) throw new InvalidOptionError('limit', `a whole number from 1 to ${MAX_LIST_LIMIT}, not ${limit}`);
    const dlt = asDeadLetterTopic(topic);
    const bounds = await this.bounds(dlt);
    // The last `limit` offsets of every partition hold the newest `limit` dead letters of the topic, and their markers.
    const ranges = bounds.map(({ partition, low, high }) => ({ partition, from: high - BigInt(limit) > low ? high - BigInt(limit) : low, to: high }));
    const records = await readRanges(this.bus, dlt, ranges, this.readOptions(dlt));
    return decode(records)
      .sort((a, b) => Date.parse(b.deadLetteredAt) - Date.parse(a.deadLetteredAt) || b.partition - a.partition || Number(BigInt(b.offset) - BigInt(a.offset)))
      .slice(0, limit);
  }

  /** One dead letter, with whether it was re-driven; `DeadLetterNotFoundError` when there is none at that place. */
  async show(topic: string, partition: number, offset: string): Promise<DeadLetter> {
    const dlt = asDeadLetterTopic(topic);
    if (!/^\d+$/.test(offset)) throw new InvalidOptionError('offset', `a record offset (a whole number), not ${JSON.stringify(offset)}`);
    const bounds = (await this.bounds(dlt)).find((b) => b.partition === partition);
    const at = BigInt(offset);
    if (!bounds || at < bounds.low || at >= bounds.high) throw new DeadLetterNotFoundError(dlt, partition, offset);
    // From the record to the end of its partition: its marker, if any, is somewhere after it.
    const records = await readRanges(this.bus, dlt, [{ partition, from: at, to: bounds.high }], this.readOptions(dlt));
    const found = decode(records).find((d) => d.offset === offset);
    if (!found) throw new DeadLetterNotFoundError(dlt, partition, offset);
    return found;
  }

  /** Writes the dead letter back to its original topic and marks it re-driven; refused (`AlreadyRedrivenError`) once marked. */
  redrive(topic: string, partition: number, offset: string, options: { by: string }): Promise<RedriveResult> {
    const run = this.redriving.then(() => this.redriveNow(topic, partition, offset, options.by));
    this.redriving = run.catch(() => undefined);
    return run;
  }

  /**
   * Re-drives every dead letter of `topic` not re-driven yet (the newest `MAX_LIST_LIMIT`, oldest first; run it again
   * for more), one record per event: a dead letter holding an event already re-driven (by this run or an earlier
   * one) is skipped, so running it twice re-drives nothing twice. Returns what went back and what was left as it was.
   */
  async redriveAll(topic: string, options: { by: string }): Promise<{ redriven: RedriveResult[]; skipped: number }> {
    const letters = (await this.list(topic, { limit: MAX_LIST_LIMIT })).reverse();
    const redriven: RedriveResult[] = [];
    // Events already re-driven, now or before: one re-drive per event, whatever run did it.
    const events = new Set(letters.filter((l) => l.redriven).map((l) => eventIdOf(l.value)).filter((id): id is string => id !== undefined));
    let skipped = 0;
    for (const letter of letters) {
      const event = eventIdOf(letter.value);
      if (letter.redriven || (event !== undefined && events.has(event))) {
        skipped++;
        continue;
      }
      try {
        redriven.push(await this.redrive(letter.topic, letter.partition, letter.offset, options));
        if (event !== undefined) events.add(event);
      } catch (error) {
        // Re-driven meanwhile by someone else: nothing to do.
        if (!(error instanceof AlreadyRedrivenError)) throw error;
        skipped++;
      }
    }
    return { redriven, skipped };
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }

  private async redriveNow(topic: string, partition: number, offset: string, by: string): Promise<RedriveResult> {
    const deadLetter = await this.show(topic, partition, offset);
    if (deadLetter.redriven) throw new AlreadyRedrivenError(deadLetter.topic, partition, offset, deadLetter.redriven.at);
    const producer = await this.connectedProducer();
    const redrivenAt = new Date().toISOString();
    const target = deadLetter.original.topic;
    await producer.send([
      {
        topic: target,
        // The partition it was read from, where its key's other records are (partition counts never change here).
        ...(deadLetter.original.partition === null ? {} : { partition: deadLetter.original.partition }),
        key: deadLetter.key,
        value: deadLetter.value,
        headers: { ...deadLetter.headers, [REDRIVE_HEADERS.redrivenFrom]: `${deadLetter.topic}/${partition}/${offset}` },
      },
    ]);
    await producer.send([
      {
        topic: deadLetter.topic,
        partition,
        key: null,
        value: null,
        headers: { [REDRIVE_HEADERS.redrivenOffset]: offset, [REDRIVE_HEADERS.redrivenAt]: redrivenAt, [REDRIVE_HEADERS.redrivenBy]: by },
      },
    ]);
    return { deadLetter: { ...deadLetter, redriven: { at: redrivenAt, by } }, topic: target, partition: deadLetter.original.partition, redrivenAt };
  }

  private async bounds(dlt: string): Promise<{ partition: number; low: bigint; high: bigint }[]> {
    return this.withAdmin(async (admin) => {
      if ((await admin.partitions(dlt)) === undefined) throw new UnknownTopicError(dlt);
      const [low, high] = await Promise.all([admin.boundaryOffsets(dlt, 'low'), admin.boundaryOffsets(dlt, 'high')]);
      return high.map((h) => ({ partition: h.partition, low: BigInt(low.find((l) => l.partition === h.partition)?.offset ?? h.offset), high: BigInt(h.offset) }));
    });
  }

  private readOptions(dlt: string) {
    return { timeoutMs: this.readTimeoutMs, groupPrefix: `${dlt}.reader`, withAdmin: this.withAdmin };
  }

  private connectedProducer(): Promise<BusProducer> {
    if (!this.producer) {
      const producer = this.bus.producer({ acks: -1 });
      const connecting = producer.connect().then(() => producer);
      connecting.catch(() => (this.producer = undefined));
      this.producer = connecting;
    }
    return this.producer;
  }
}
