import { envelope } from '@puchi/kafka';
import { ANONYMOUS_CALLER, appliedKeyedEvent, idempotentEventId, parseIdempotencyKey, pruneIdempotencyKeys, recordKeyOf, IDEMPOTENCY_EVENT_HEADERS, IDEMPOTENCY_REPLIED_TYPE } from './idempotency';
import { openStore } from './store';

const headers = { [IDEMPOTENCY_EVENT_HEADERS.key]: 'k1:reviewWord', [IDEMPOTENCY_EVENT_HEADERS.caller]: 'ana', [IDEMPOTENCY_EVENT_HEADERS.fingerprint]: 'f1' };
const event = (type: string, payload: unknown, id = 'e1') => envelope({ id, type, subject: 'ana', payload }, 'vocabulary-service');
const rows = (db: ReturnType<typeof openStore>) => db.prepare('SELECT caller, key, fingerprint, reply, created_at FROM idempotency_keys ORDER BY key').all();

describe('idempotency keys', () => {
  it('derives the same UUID-shaped event id for the same write and rank, another for anything else', () => {
    const scope = { caller: 'ana', key: 'k1:reviewWord', fingerprint: 'f1', emitted: 0 };
    const type = 'vocabulary.word-reviewed';
    const id = idempotentEventId('vocabulary', scope, 0, type);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotentEventId('vocabulary', { ...scope, emitted: 5 }, 0, type)).toBe(id);
    const others = [
      idempotentEventId('vocabulary', scope, 1, type),
      idempotentEventId('quiz', scope, 0, type),
      idempotentEventId('vocabulary', { ...scope, caller: ANONYMOUS_CALLER }, 0, type),
      idempotentEventId('vocabulary', { ...scope, key: 'k2' }, 0, type),
      idempotentEventId('vocabulary', scope, 0, 'vocabulary.word-added'),
    ];
    expect(new Set([id, ...others]).size).toBe(6);
  });

  it('records a key from its first event, its reply from the reply record, and forgets it after the retention', () => {
    const db = openStore(':memory:', []);
    const reviewed = event('vocabulary.word-reviewed', { box: 2 });
    recordKeyOf(db, headers, reviewed, Date.parse('2026-03-01T08:00:00.000Z'));
    recordKeyOf(db, headers, event('vocabulary.word-reviewed', { box: 3 }, 'e2'), Date.parse('2026-03-01T09:00:00.000Z'));
    expect(rows(db)).toEqual([{ caller: 'ana', key: 'k1:reviewWord', fingerprint: 'f1', reply: null, created_at: '2026-03-01T08:00:00.000Z' }]);
    // The events as applied, for a repeat that lost its reply; not the reply record.
    expect(appliedKeyedEvent(db, 'e1')).toEqual(reviewed);
    recordKeyOf(db, headers, event(IDEMPOTENCY_REPLIED_TYPE, { reply: { box: 2 } }, 'r1'), Date.parse('2026-03-01T08:00:01.000Z'));
    expect(rows(db)).toEqual([expect.objectContaining({ reply: '{"box":2}', created_at: '2026-03-01T08:00:00.000Z' })]);
    expect(appliedKeyedEvent(db, 'r1')).toBeUndefined();
    // An event without the headers is no keyed write.
    recordKeyOf(db, {}, event('x', {}, 'e3'), Date.parse('2026-03-01T08:00:00.000Z'));
    expect(rows(db)).toHaveLength(1);
    expect(appliedKeyedEvent(db, 'e3')).toBeUndefined();
    const now = Date.parse('2026-03-02T08:30:00.000Z');
    expect(pruneIdempotencyKeys(db, 25 * 3600_000, now)).toBe(0);
    expect(pruneIdempotencyKeys(db, 24 * 3600_000, now)).toBe(1);
    expect(rows(db)).toEqual([]);
    expect(appliedKeyedEvent(db, 'e1')).toBeUndefined();
  });

  it('reads the header as the draft writes it (a quoted string) or bare, and refuses malformed ones', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('abc')).toBe('abc');
    for (const bad of ['', '""', 'a b', 'naïve', 'x'.repeat(256)]) expect(() => parseIdempotencyKey(bad)).toThrow(/Idempotency-Key/);
  });
});
