import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTEXT_HEADERS, type CallContext, type EventEnvelope, type NewEvent, type RecordHeaders, type RequestContext, type RequestHandler } from '@puchi/kafka';
import { BadUserInputError, IdempotencyKeyReusedError } from './errors';
// Not `Db` from './store', which creates this table: no import cycle.
import type { Database as Db } from 'better-sqlite3';

/**
 * Idempotent writes, after the IETF `Idempotency-Key` draft and Stripe's practice. A request carrying
 * `idempotency-key` (the gateway derives one per mutation field from the client's header) runs its handler at most
 * once per (caller, key):
 * - its events get ids derived from (domain, caller, key, their rank in the request), and carry the key, the caller
 *   and the request's fingerprint in their record headers; the projection records the key in the same SQLite
 *   transaction as the event (`recordKeyOf`), on every instance, so the key survives the owner's death;
 * - the handler's reply is remembered next to the key, on the instance that answered at once and, through a
 *   `puchi.idempotency-replied` record on the same topic and partition, on every instance;
 * - a repeat with the same payload answers the remembered reply and emits nothing; one with another payload is
 *   refused with `IDEMPOTENCY_KEY_REUSED`. A repeat reaching an instance without the reply (the owner died in the
 *   few milliseconds between its events and its reply record) runs the handler again: its events have the same
 *   ids, which the store has applied, so `emit` publishes nothing and returns each event as the first run applied
 *   it (kept in `idempotent_events`, see `appliedKeyedEvent`). A handler that builds its reply from what `emit`
 *   returns answers the repeat as the first run would have; one that computed it from the state it read would
 *   answer from the state after its own write (a review's box moved on twice), which the chaos run caught.
 * Keys are kept `IDEMPOTENCY_RETENTION_MS` (default 24 h) after the first event, then forgotten.
 */

/** Who repeats: keys are per caller; registration and other anonymous writes share this one. */
export const ANONYMOUS_CALLER = '-';
/** The longest key accepted (the draft sets no limit; Stripe's is 255). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** Default retention of a key after its first event. */
export const DEFAULT_IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Event types of the kit's own, on every domain topic: no store projects them and no feed shows them. */
export const KIT_EVENT_PREFIX = 'puchi.';
export const IDEMPOTENCY_REPLIED_TYPE = `${KIT_EVENT_PREFIX}idempotency-replied`;

/** Whether a feed should leave `type` out: the kit's bookkeeping, not a domain event. */
export function isKitEvent(type: string): boolean {
  return type.startsWith(KIT_EVENT_PREFIX);
}

/** The record headers of an event emitted under an idempotency key. */
export const IDEMPOTENCY_EVENT_HEADERS = {
  key: 'x-idempotency-key',
  caller: 'x-idempotency-caller',
  fingerprint: 'x-idempotency-fingerprint',
} as const;

/** Kept apart from the domain's own migrations (which are numbered): created if missing. */
const TABLES = [
  `CREATE TABLE IF NOT EXISTS idempotency_keys (
    caller TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, reply TEXT, created_at TEXT NOT NULL,
    PRIMARY KEY (caller, key)
  )`,
  // The events of keyed writes as applied, for a repeat whose first reply was lost; forgotten with their key.
  `CREATE TABLE IF NOT EXISTS idempotent_events (
    event_id TEXT PRIMARY KEY, envelope TEXT NOT NULL, created_at TEXT NOT NULL
  )`,
];

export function ensureIdempotencyTable(db: Db): void {
  for (const table of TABLES) db.exec(table);
}

/** What a handler run under a key carries to `emit`. */
export interface IdempotencyScope {
  caller: string;
  key: string;
  fingerprint: string;
  /** Events emitted so far in this run: the rank of the next one. */
  emitted: number;
  /** The subject (record key) of the first: the reply record goes to its partition. */
  subject?: string;
}

const SCOPE = Symbol('puchi.idempotency');

/** The scope of the request `context` belongs to, if it runs under an idempotency key. */
export function idempotencyScopeOf(context: CallContext | undefined): IdempotencyScope | undefined {
  return context ? (context as { [SCOPE]?: IdempotencyScope })[SCOPE] : undefined;
}

/**
 * The id of the `rank`-th event of a keyed request, of type `type`: the same on every run of it, on any instance.
 * The type is part of it for a write whose instance died after publishing only its first events: the repeat
 * decides again from the state those left, so it plans the rest from rank 0 (a lesson already started gets only
 * its completion), and those must not take the ids of the events already applied.
 */
export function idempotentEventId(domain: string, scope: IdempotencyScope, rank: number, type: string): string {
  const hex = createHash('sha256').update(`${domain}\u0000${scope.caller}\u0000${scope.key}\u0000${rank}\u0000${type}`).digest('hex');
  // UUID-shaped (version 8: custom), like the random ids of other events.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Hex digits the same on every run of the keyed write `context` belongs to (for `purpose`, e.g. a new entity's id), or
 * undefined outside a keyed write. A handler that makes up an id (a new user, a submission) takes it from here when it
 * can: a repeat then describes the same entity, on the same partition, as the first run did.
 */
export function stableHex(context: CallContext | undefined, purpose: string, digits = 32): string | undefined {
  const scope = idempotencyScopeOf(context);
  if (!scope) return undefined;
  return createHash('sha256').update(`${scope.caller}\u0000${scope.key}\u0000${purpose}`).digest('hex').slice(0, digits);
}

/** The record headers an event emitted under `scope` carries. */
export function idempotencyHeaders(scope: IdempotencyScope): RecordHeaders {
  return { [IDEMPOTENCY_EVENT_HEADERS.key]: scope.key, [IDEMPOTENCY_EVENT_HEADERS.caller]: scope.caller, [IDEMPOTENCY_EVENT_HEADERS.fingerprint]: scope.fingerprint };
}

/**
 * Records the key an event was emitted under, inside the projection's transaction, and the reply a
 * `puchi.idempotency-replied` record carries. The key's time is its first record's timestamp (when it was produced:
 * the same on every instance, and real time even where a domain dates its events otherwise).
 */
export function recordKeyOf(db: Db, headers: RecordHeaders, event: EventEnvelope, producedAt: number): void {
  const key = headers[IDEMPOTENCY_EVENT_HEADERS.key];
  const caller = headers[IDEMPOTENCY_EVENT_HEADERS.caller];
  const fingerprint = headers[IDEMPOTENCY_EVENT_HEADERS.fingerprint];
  if (!key || !caller || !fingerprint) return;
  const createdAt = new Date(producedAt).toISOString();
  const replied = event.type === IDEMPOTENCY_REPLIED_TYPE;
  const reply = replied ? JSON.stringify((event.payload as { reply?: unknown } | null)?.reply ?? null) : null;
  db.prepare(
    `INSERT INTO idempotency_keys (caller, key, fingerprint, reply, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (caller, key) DO UPDATE SET reply = COALESCE(excluded.reply, idempotency_keys.reply)`,
  ).run(caller, key, fingerprint, reply, createdAt);
  if (!replied) db.prepare('INSERT OR IGNORE INTO idempotent_events (event_id, envelope, created_at) VALUES (?, ?, ?)').run(event.id, JSON.stringify(event), createdAt);
}

/** The event of a keyed write with id `eventId` as the store applied it, if it is still kept. */
export function appliedKeyedEvent<T>(db: Db, eventId: string): EventEnvelope<T> | undefined {
  const envelope = db.prepare('SELECT envelope FROM idempotent_events WHERE event_id = ?').pluck().get(eventId) as string | undefined;
  return envelope === undefined ? undefined : (JSON.parse(envelope) as EventEnvelope<T>);
}

/** Forgets keys (and their events) whose first event is older than `retentionMs`. Returns how many keys. */
export function pruneIdempotencyKeys(db: Db, retentionMs: number, now = Date.now()): number {
  const before = new Date(now - retentionMs).toISOString();
  db.prepare('DELETE FROM idempotent_events WHERE created_at < ?').run(before);
  return db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(before).changes;
}

/**
 * The `Idempotency-Key` HTTP header of a client, as the draft writes it (a structured-field string, `"…"`) or bare:
 * its value, undefined when absent. Refuses (BAD_USER_INPUT) an empty or overlong one, or one with characters other
 * than visible ASCII.
 */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = /^"(.*)"$/.test(header) ? header.slice(1, -1) : header;
  if (value.length === 0 || value.length > MAX_IDEMPOTENCY_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(value)) {
    throw new BadUserInputError('Idempotency-Key', `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters (a UUID, say)`);
  }
  return value;
}

/** What identifies a request's content: the same key with another fingerprint is a different request. */
function fingerprintOf(topic: string, payload: unknown): string {
  return createHash('sha256').update(`${topic}\u0000${JSON.stringify(payload)}`).digest('base64url');
}

interface KeyRow {
  fingerprint: string;
  reply: string | null;
}

/**
 * How long a repeat waits for the first run's reply record when the key's events are applied but its reply is not
 * (yet) there: it follows them on the same partition within milliseconds, unless the instance that made them died.
 */
const REPLY_WAIT_MS = 2000;
const REPLY_POLL_MS = 25;

/**
 * Wraps a request handler of `topic`: a request with `idempotency-key` runs it at most once per (caller, key), as
 * described at the top of this file. Requests without the header run it as before.
 */
export function idempotentHandler(
  db: Db,
  domain: string,
  topic: string,
  handle: RequestHandler<unknown, unknown>,
  publish: (event: NewEvent, headers: RecordHeaders) => Promise<unknown>,
): RequestHandler<unknown, unknown> {
  const inFlight = new Map<string, { fingerprint: string; result: Promise<unknown> }>();
  return async (payload, context: RequestContext) => {
    const key = context.headers[CONTEXT_HEADERS.idempotencyKey];
    if (key === undefined) return handle(payload, context);
    if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) throw new BadUserInputError('Idempotency-Key', `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
    const caller = context.identity?.userId ?? ANONYMOUS_CALLER;
    const fingerprint = fingerprintOf(topic, payload);
    const inFlightKey = `${caller}\u0000${key}`;
    // The same key on this instance at once (a client that retried before the first answer): one run, one answer.
    const running = inFlight.get(inFlightKey);
    if (running) {
      if (running.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
      return running.result;
    }
    const read = () => db.prepare('SELECT fingerprint, reply FROM idempotency_keys WHERE caller = ? AND key = ?').get(caller, key) as KeyRow | undefined;
    let row = read();
    if (row && row.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(key);
    // Done before, its reply not here yet: wait for it rather than compute another from what the write changed.
    const until = Math.min(context.deadline - 200, Date.now() + REPLY_WAIT_MS);
    while (row && row.reply == null && Date.now() < until) {
      await sleep(REPLY_POLL_MS);
      row = read();
    }
    if (row?.reply != null) return JSON.parse(row.reply) as unknown;
    const scope: IdempotencyScope = { caller, key, fingerprint, emitted: 0 };
    const run = Promise.resolve(handle(payload, { ...context, [SCOPE]: scope } as RequestContext));
    inFlight.set(inFlightKey, { fingerprint, result: run });
    let result: unknown;
    try {
      result = await run;
    } finally {
      inFlight.delete(inFlightKey);
    }
    // The key's row exists once an event was applied; a write that emitted nothing (a no-op) is remembered too.
    db.prepare(
      `INSERT INTO idempotency_keys (caller, key, fingerprint, reply, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (caller, key) DO UPDATE SET reply = excluded.reply`,
    ).run(caller, key, fingerprint, JSON.stringify(result ?? null), new Date().toISOString());
    // Every instance learns the reply, after the events, on their partition: a repeat after this one dies gets it too.
    if (scope.subject !== undefined) {
      const id = idempotentEventId(domain, scope, -1, IDEMPOTENCY_REPLIED_TYPE);
      await publish({ id, type: IDEMPOTENCY_REPLIED_TYPE, subject: scope.subject, payload: { reply: result ?? null } }, idempotencyHeaders(scope));
    }
    return result;
  };
}
