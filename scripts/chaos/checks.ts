/**
 * The checks of a chaos run's history. Each is a pure function of what was recorded (and of the topics and stores
 * read afterwards) returning its violations, so each is usable, and unit-tested, on its own.
 */
import { createHash } from 'node:crypto';
import type { Rows, TopicEvent } from './collect';
import type { Attempt, EmailRace, History, ReadCheck, WriteOp, WriteRecord } from './history';

export interface Violation {
  check: CheckName;
  message: string;
}

export type CheckName = 'exactly-once' | 'unique-emails' | 'identical-stores' | 'read-your-writes' | 'answered' | 'state';

/** A store as read after the run: its instance, domain and tables. */
export interface StoreSnapshot {
  instance: string;
  domain: string;
  tables: Record<string, Rows>;
}

/** The domain event a keyed write emits, and whether it must emit exactly one (others: at most one). */
export const WRITE_EVENTS: Record<WriteOp, { type: string; exactlyOne: boolean }> = {
  registerUser: { type: 'user.registered', exactlyOne: true },
  updateProfile: { type: 'user.profile-updated', exactlyOne: true },
  submitQuiz: { type: 'quiz.graded', exactlyOne: true },
  reviewWord: { type: 'word.reviewed', exactlyOne: true },
  startLesson: { type: 'progress.lesson-started', exactlyOne: false },
  completeLesson: { type: 'progress.lesson-completed', exactlyOne: false },
};

const KIT_PREFIX = 'puchi.';

/** Domain events per (caller, client key): the gateway's derived key is `<client key>:<field path>`. */
function eventsByWrite(events: TopicEvent[]): Map<string, TopicEvent[]> {
  const out = new Map<string, TopicEvent[]>();
  for (const e of events) {
    if (!e.idempotencyKey || e.type.startsWith(KIT_PREFIX)) continue;
    const colon = e.idempotencyKey.indexOf(':');
    const clientKey = colon < 0 ? e.idempotencyKey : e.idempotencyKey.slice(0, colon);
    const k = `${e.caller ?? ''}\u0000${clientKey}`;
    const list = out.get(k) ?? [];
    list.push(e);
    out.set(k, list);
  }
  return out;
}

/**
 * Every acknowledged write applied exactly once: per write, the distinct event ids of each type under its key.
 * Never two of one type (for any write: unknown ones may have 0 or 1 effect, never 2); exactly one of its event for
 * an acknowledged write that must emit one; none for a rejected one; and a registration's reply names the user its
 * event registered.
 */
export function checkExactlyOnce(writes: WriteRecord[], events: TopicEvent[]): Violation[] {
  const byWrite = eventsByWrite(events);
  const violations: Violation[] = [];
  for (const w of writes) {
    const evs = byWrite.get(`${w.caller}\u0000${w.key}`) ?? [];
    const ids = new Map<string, Set<string>>();
    for (const e of evs) ids.set(e.type, (ids.get(e.type) ?? new Set()).add(e.id));
    for (const [type, set] of ids) {
      if (set.size > 1) violations.push({ check: 'exactly-once', message: `duplicated: ${w.op} key ${w.key} (${w.status}) by ${w.learner} has ${set.size} ${type} events (${[...set].join(', ')})` });
    }
    // One event id published more than once about different subjects (so on different partitions): instances that
    // keep the first copy of an id they see keep different ones.
    const subjects = new Map<string, Set<string>>();
    for (const e of evs) subjects.set(e.id, (subjects.get(e.id) ?? new Set()).add(e.subject));
    for (const [id, set] of subjects) {
      if (set.size > 1) violations.push({ check: 'exactly-once', message: `conflicting copies: ${w.op} key ${w.key} (${w.status}) by ${w.learner}: event ${id} was published about ${set.size} subjects (${[...set].join(', ')})` });
    }
    const expected = WRITE_EVENTS[w.op];
    const own = ids.get(expected.type)?.size ?? 0;
    if (w.status === 'acked' && expected.exactlyOne && own === 0) violations.push({ check: 'exactly-once', message: `lost: acknowledged ${w.op} key ${w.key} by ${w.learner} has no ${expected.type} event` });
    if (w.status === 'rejected' && evs.length > 0) violations.push({ check: 'exactly-once', message: `rejected ${w.op} key ${w.key} (${w.code}) by ${w.learner} took effect: ${evs.map((e) => e.type).join(', ')}` });
    if (w.op === 'registerUser' && w.status === 'acked') {
      const registered = evs.find((e) => e.type === expected.type);
      if (registered && registered.subject !== String(w.result?.id)) violations.push({ check: 'exactly-once', message: `registerUser key ${w.key} answered user ${String(w.result?.id)} but its event registered ${registered.subject}` });
    }
  }
  return violations;
}

/** No email twice in any user store; of registrations raced on one email, at most one acknowledged. */
export function checkUniqueEmails(userStores: StoreSnapshot[], races: EmailRace[], writes: WriteRecord[]): Violation[] {
  const violations: Violation[] = [];
  for (const store of userStores) {
    const seen = new Map<string, string[]>();
    for (const row of store.tables.users ?? []) {
      const key = String(row.email_key);
      seen.set(key, [...(seen.get(key) ?? []), String(row.id)]);
    }
    for (const [email, ids] of seen) if (ids.length > 1) violations.push({ check: 'unique-emails', message: `${store.instance}: email ${email} belongs to ${ids.length} users (${ids.join(', ')})` });
  }
  for (const race of races) {
    const acked = writes.filter((w) => w.op === 'registerUser' && race.keys.includes(w.key) && w.status === 'acked');
    if (acked.length > 1) violations.push({ check: 'unique-emails', message: `${acked.length} concurrent registrations of ${race.email} succeeded (${acked.map((w) => String(w.result?.id)).join(', ')})` });
  }
  return violations;
}

/** sha256 of a table's rows, whatever their order. */
export function tableHash(rows: Rows): string {
  const lines = rows.map((r) => JSON.stringify(r)).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** Every instance of a domain holds the same rows in every table (and has applied the same events). */
export function checkIdenticalStores(stores: StoreSnapshot[]): Violation[] {
  const violations: Violation[] = [];
  const domains = [...new Set(stores.map((s) => s.domain))];
  for (const domain of domains) {
    const mine = stores.filter((s) => s.domain === domain);
    if (mine.length < 2) continue;
    const tables = [...new Set(mine.flatMap((s) => Object.keys(s.tables)))].sort();
    for (const table of tables) {
      const [first, ...rest] = mine;
      const reference = tableHash(first!.tables[table] ?? []);
      for (const other of rest) {
        if (tableHash(other.tables[table] ?? []) === reference) continue;
        const a = new Set((first!.tables[table] ?? []).map((r) => JSON.stringify(r)));
        const b = new Set((other.tables[table] ?? []).map((r) => JSON.stringify(r)));
        const onlyA = [...a].filter((r) => !b.has(r));
        const onlyB = [...b].filter((r) => !a.has(r));
        violations.push({
          check: 'identical-stores',
          message: `${domain}.${table}: ${first!.instance} (${a.size} rows) and ${other.instance} (${b.size} rows) differ; only in ${first!.instance}: ${onlyA.slice(0, 2).join(' ') || '-'}; only in ${other.instance}: ${onlyB.slice(0, 2).join(' ') || '-'}`,
        });
      }
    }
  }
  return violations;
}

/** A read of one's own data right after an acknowledged write must show it. */
export function checkReadYourWrites(reads: ReadCheck[]): Violation[] {
  return reads
    .filter((r) => r.verdict === 'stale')
    .map((r) => ({ check: 'read-your-writes' as const, message: `${r.learner} after ${r.after} (key ${r.key}) read ${r.got} through gateway ${r.gateway}, expected ${r.expected}` }));
}

/**
 * Every request answered, with data or a typed error, within its deadline. A failed connection counts only while
 * its gateway was up (a killed gateway refuses connections, and resets those it had, until it is back).
 */
export function checkAnswered(attempts: Attempt[], gatewayDown: History['gatewayDown'], slackMs = 1000): Violation[] {
  const violations: Violation[] = [];
  const down = (a: Attempt) => gatewayDown.some((d) => d.gateway === a.gateway && a.end >= d.from - slackMs && a.start <= d.to + slackMs);
  for (const a of attempts) {
    const late = a.end - a.start > a.deadlineMs + slackMs;
    if (a.outcome === 'timeout' || late) violations.push({ check: 'answered', message: `${a.op} by ${a.learner} on gateway ${a.gateway} at ${(a.start / 1000).toFixed(1)} s: no answer within ${a.deadlineMs} ms` });
    else if (a.outcome === 'error' && (a.code === 'UNTYPED' || a.code?.startsWith('HTTP_'))) violations.push({ check: 'answered', message: `${a.op} by ${a.learner} on gateway ${a.gateway} at ${(a.start / 1000).toFixed(1)} s: an untyped error (${a.code})` });
    else if (a.outcome === 'transport' && !down(a)) violations.push({ check: 'answered', message: `${a.op} by ${a.learner} on gateway ${a.gateway} at ${(a.start / 1000).toFixed(1)} s: connection failed (${a.code}) while the gateway was up` });
  }
  return violations;
}

/** The Leitner box after a review (vocabulary's rule, restated so a change there shows here). */
function nextBox(current: number | null, correct: boolean): number {
  return correct ? Math.min((current ?? 1) + 1, 5) : 1;
}

/**
 * The stores agree with what was acknowledged: per (learner, word) the box every vocabulary store holds is the one
 * the last review answered (when that review was acknowledged), each acknowledged review's box follows from the one
 * before it (when no unknown review came between), and per learner every quiz store holds between the acknowledged
 * and the acknowledged-plus-unknown number of submissions.
 */
export function checkState(writes: WriteRecord[], stores: StoreSnapshot[]): Violation[] {
  const violations: Violation[] = [];
  const reviews = new Map<string, WriteRecord[]>();
  for (const w of writes) {
    if (w.op !== 'reviewWord' || w.status === 'rejected') continue;
    const k = `${w.learner}\u0000${String(w.args.wordId)}`;
    reviews.set(k, [...(reviews.get(k) ?? []), w]);
  }
  const vocab = stores.filter((s) => s.domain === 'vocabulary');
  for (const [k, list] of reviews) {
    list.sort((a, b) => a.start - b.start);
    const [learner, wordId] = k.split('\u0000') as [string, string];
    for (let i = 1; i < list.length; i++) {
      const [prev, cur] = [list[i - 1]!, list[i]!];
      if (prev.status !== 'acked' || cur.status !== 'acked') continue;
      const expected = nextBox(Number(prev.result?.box), Boolean(cur.args.correct));
      if (Number(cur.result?.box) !== expected)
        violations.push({ check: 'state', message: `${learner} ${wordId}: review key ${cur.key} (correct=${String(cur.args.correct)}) answered box ${String(cur.result?.box)} after box ${String(prev.result?.box)}; expected ${expected}` });
    }
    const last = list.at(-1)!;
    if (last.status !== 'acked') continue;
    for (const store of vocab) {
      const row = (store.tables.reviews ?? []).find((r) => r.user_id === learner && r.word_id === wordId);
      if (Number(row?.box) !== Number(last.result?.box))
        violations.push({ check: 'state', message: `${store.instance}: ${learner} ${wordId} is in box ${row ? String(row.box) : 'none'}, the last acknowledged review (key ${last.key}) answered ${String(last.result?.box)}` });
    }
  }
  const quizzes = new Map<string, { acked: number; unknown: number }>();
  for (const w of writes) {
    if (w.op !== 'submitQuiz' || w.status === 'rejected') continue;
    const c = quizzes.get(w.learner) ?? { acked: 0, unknown: 0 };
    c[w.status === 'acked' ? 'acked' : 'unknown']++;
    quizzes.set(w.learner, c);
  }
  for (const store of stores.filter((s) => s.domain === 'quiz')) {
    const held = new Map<string, number>();
    for (const r of store.tables.submissions ?? []) held.set(String(r.user_id), (held.get(String(r.user_id)) ?? 0) + 1);
    for (const [learner, c] of quizzes) {
      const n = held.get(learner) ?? 0;
      if (n < c.acked || n > c.acked + c.unknown)
        violations.push({ check: 'state', message: `${store.instance}: ${learner} has ${n} quiz submissions; ${c.acked} acknowledged${c.unknown ? ` and ${c.unknown} unknown` : ''}` });
    }
  }
  return violations;
}

export interface CheckInput {
  history: History;
  events: TopicEvent[];
  stores: StoreSnapshot[];
  /** Instances that had not projected their topic to the end when the stores were read. */
  lagging: string[];
}

/** Every check, in the order the report lists them. */
export function runChecks(input: CheckInput): Violation[] {
  const { history, events, stores } = input;
  return [
    ...checkExactlyOnce(history.writes, events),
    ...checkUniqueEmails(
      stores.filter((s) => s.domain === 'user'),
      history.emailRaces,
      history.writes,
    ),
    ...input.lagging.map((l) => ({ check: 'identical-stores' as const, message: `${l} had not caught up with its event topic` })),
    ...checkIdenticalStores(stores),
    ...checkReadYourWrites(history.reads),
    ...checkAnswered(history.attempts, history.gatewayDown),
    ...checkState(history.writes, stores),
  ];
}

export const CHECK_NAMES: CheckName[] = ['exactly-once', 'unique-emails', 'identical-stores', 'read-your-writes', 'answered', 'state'];
