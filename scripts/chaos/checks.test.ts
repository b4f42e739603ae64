import { checkAnswered, checkExactlyOnce, checkIdenticalStores, checkReadYourWrites, checkState, checkUniqueEmails, runChecks, type StoreSnapshot } from './checks';
import type { TopicEvent } from './collect';
import { emptyHistory, type Attempt, type ReadCheck, type WriteRecord } from './history';
import { planFaults } from './faults';
import { seededRandom } from './random';

const write = (over: Partial<WriteRecord>): WriteRecord => ({
  op: 'reviewWord',
  caller: 'u1',
  learner: 'u1',
  key: 'k1',
  args: { wordId: 'w1', correct: true },
  status: 'acked',
  result: { box: 2 },
  attempts: 1,
  start: 0,
  end: 10,
  ...over,
});

const event = (over: Partial<TopicEvent>): TopicEvent => ({
  topic: 'vocabulary-events',
  partition: 0,
  offset: '0',
  id: 'e1',
  type: 'word.reviewed',
  subject: 'u1',
  idempotencyKey: 'k1:reviewWord',
  caller: 'u1',
  ...over,
});

const store = (instance: string, domain: string, tables: StoreSnapshot['tables']): StoreSnapshot => ({ instance, domain, tables });

describe('checkExactlyOnce', () => {
  it('passes one event per acknowledged write, ignoring the kit records and repeats of one event id', () => {
    const events = [event({}), event({ offset: '1' }), event({ id: 'r1', type: 'puchi.idempotency-replied', offset: '2' })];
    expect(checkExactlyOnce([write({})], events)).toEqual([]);
  });

  it('reports two events of one write (distinct ids)', () => {
    const v = checkExactlyOnce([write({})], [event({}), event({ id: 'e2', offset: '1' })]);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toMatch(/^duplicated/);
  });

  it('reports one event id published about two subjects (a re-run that chose another user id)', () => {
    const v = checkExactlyOnce([write({ status: 'unknown' })], [event({}), event({ subject: 'u7', partition: 2 })]);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toMatch(/^conflicting copies/);
  });

  it('reports an acknowledged write without its event, and not an unknown one', () => {
    expect(checkExactlyOnce([write({})], [])[0]!.message).toMatch(/^lost/);
    expect(checkExactlyOnce([write({ status: 'unknown', result: undefined })], [])).toEqual([]);
  });

  it('reports two events of an unknown write', () => {
    expect(checkExactlyOnce([write({ status: 'unknown' })], [event({}), event({ id: 'e2' })])).toHaveLength(1);
  });

  it('keys by caller: the same key of another caller is another write', () => {
    expect(checkExactlyOnce([write({})], [event({ caller: 'u2' })])[0]!.message).toMatch(/^lost/);
  });

  it('reports a rejected write that took effect, and a registration answering another user than it registered', () => {
    expect(checkExactlyOnce([write({ status: 'rejected', code: 'BAD_USER_INPUT' })], [event({})])).toHaveLength(1);
    const reg = write({ op: 'registerUser', caller: '-', result: { id: 'u9' } });
    const registered = event({ type: 'user.registered', caller: '-', subject: 'u8', idempotencyKey: 'k1:registerUser' });
    expect(checkExactlyOnce([reg], [registered])[0]!.message).toMatch(/answered user u9/);
  });
});

describe('checkUniqueEmails', () => {
  it('reports an email held twice in a store, and two acknowledged registrations of a raced email', () => {
    const users = store('user#1', 'user', { users: [{ id: 'a', email_key: 'x@y' }, { id: 'b', email_key: 'x@y' }, { id: 'c', email_key: 'z@y' }] });
    const race = { email: 'x@y', keys: ['k1', 'k2'] };
    const writes = [write({ op: 'registerUser', key: 'k1', result: { id: 'a' } }), write({ op: 'registerUser', key: 'k2', result: { id: 'b' } })];
    const v = checkUniqueEmails([users], [race], writes);
    expect(v.map((x) => x.check)).toEqual(['unique-emails', 'unique-emails']);
    expect(checkUniqueEmails([store('user#1', 'user', { users: [{ id: 'a', email_key: 'x@y' }] })], [race], [writes[0]!, { ...writes[1]!, status: 'rejected' }])).toEqual([]);
  });
});

describe('checkIdenticalStores', () => {
  it('passes equal tables in any row order and reports a differing one', () => {
    const a = store('quiz#1', 'quiz', { submissions: [{ id: 1 }, { id: 2 }], applied_events: [{ event_id: 'e1' }] });
    const b = store('quiz#2', 'quiz', { submissions: [{ id: 2 }, { id: 1 }], applied_events: [{ event_id: 'e1' }] });
    const c = store('quiz#3', 'quiz', { submissions: [{ id: 1 }], applied_events: [{ event_id: 'e1' }] });
    expect(checkIdenticalStores([a, b])).toEqual([]);
    const v = checkIdenticalStores([a, b, c]);
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toContain('quiz.submissions');
  });
});

describe('checkReadYourWrites', () => {
  it('reports stale reads only', () => {
    const read = (verdict: ReadCheck['verdict']): ReadCheck => ({ learner: 'u1', after: 'updateProfile', key: 'k', verdict, expected: 'new', got: 'old', gateway: 2, at: 0 });
    expect(checkReadYourWrites([read('ok'), read('unavailable')])).toEqual([]);
    expect(checkReadYourWrites([read('stale')])).toHaveLength(1);
  });
});

describe('checkAnswered', () => {
  const attempt = (over: Partial<Attempt>): Attempt => ({ op: 'reviewWord', learner: 'u1', gateway: 2, start: 1000, end: 1100, outcome: 'data', deadlineMs: 10_000, ...over });
  it('reports no answer, a late answer, an untyped error, and a failed connection to a gateway that was up', () => {
    const bad = [attempt({ outcome: 'timeout', end: 11_000 }), attempt({ end: 13_000 }), attempt({ outcome: 'error', code: 'UNTYPED' }), attempt({ outcome: 'transport', code: 'ECONNREFUSED' })];
    expect(checkAnswered(bad, [])).toHaveLength(4);
  });
  it('accepts typed errors and failed connections while the gateway was down', () => {
    const ok = [attempt({ outcome: 'error', code: 'SERVICE_UNAVAILABLE' }), attempt({ outcome: 'transport', code: 'ECONNREFUSED', start: 5000, end: 5001 })];
    expect(checkAnswered(ok, [{ gateway: 2, from: 4000, to: 9000 }])).toEqual([]);
  });
});

describe('checkState', () => {
  const vocab = (box: number) => store('vocabulary#1', 'vocabulary', { reviews: [{ user_id: 'u1', word_id: 'w1', box }] });
  it('passes when the store holds the box the last acknowledged review answered', () => {
    const writes = [write({ key: 'k1', result: { box: 2 } }), write({ key: 'k2', start: 20, args: { wordId: 'w1', correct: true }, result: { box: 3 } })];
    expect(checkState(writes, [vocab(3)])).toEqual([]);
  });
  it('reports a store whose box differs, and a reply that does not follow from the one before', () => {
    expect(checkState([write({ result: { box: 2 } })], [vocab(3)])).toHaveLength(1);
    const jump = [write({ key: 'k1', result: { box: 2 } }), write({ key: 'k2', start: 20, result: { box: 4 } })];
    expect(checkState(jump, [vocab(4)])[0]!.message).toMatch(/expected 3/);
  });
  it('does not judge the box after an unknown review', () => {
    expect(checkState([write({ key: 'k1', result: { box: 2 } }), write({ key: 'k2', start: 20, status: 'unknown', result: undefined })], [vocab(3)])).toEqual([]);
  });
  it('reports a quiz store with more or fewer submissions than acknowledged', () => {
    const quiz = (n: number) => store('quiz#1', 'quiz', { submissions: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, user_id: 'u1' })) });
    const writes = [write({ op: 'submitQuiz', key: 'q1' }), write({ op: 'submitQuiz', key: 'q2' })];
    expect(checkState(writes, [quiz(2)])).toEqual([]);
    expect(checkState(writes, [quiz(3)])).toHaveLength(1);
    expect(checkState(writes, [quiz(1)])).toHaveLength(1);
    expect(checkState([...writes, write({ op: 'submitQuiz', key: 'q3', status: 'unknown' })], [quiz(3)])).toEqual([]);
  });
});

describe('runChecks', () => {
  it('passes an empty history and reports a store that had not caught up', () => {
    expect(runChecks({ history: emptyHistory(), events: [], stores: [], lagging: [] })).toEqual([]);
    expect(runChecks({ history: emptyHistory(), events: [], stores: [], lagging: ['user#2 (p0 3/5)'] })).toHaveLength(1);
  });
});

describe('planFaults', () => {
  const instances = ['user', 'user', 'user', 'quiz', 'quiz', 'lesson'].map((domain, i) => ({ domain, name: `${domain}#${i}` }));
  const settings = { durationMs: 300_000, gapMs: [3_000, 5_000] as [number, number], serviceDownMs: [2_000, 6_000] as [number, number], gatewayDownMs: [2_000, 5_000] as [number, number], brokerDownMs: [8_000, 14_000] as [number, number] };

  it('is the same for the same seed, starts with one fault of each kind, and never kills a single-instance domain', () => {
    const a = planFaults(seededRandom(7), settings, instances, 2);
    expect(planFaults(seededRandom(7), settings, instances, 2)).toEqual(a);
    expect(new Set(a.slice(0, 3).map((f) => f.kind))).toEqual(new Set(['kill-service', 'kill-gateway', 'stop-broker']));
    expect(a.some((f) => f.target.startsWith('lesson'))).toBe(false);
  });

  it('never plans every instance of a domain down at once, nor two brokers', () => {
    for (let seed = 0; seed < 20; seed++) {
      const plan = planFaults(seededRandom(seed), settings, instances, 2);
      const end = (f: (typeof plan)[number]) => f.at + f.downMs + (f.kind === 'stop-broker' ? 40_000 : 10_000);
      for (const f of plan) {
        const overlapping = plan.filter((g) => g.at <= f.at && f.at <= end(g));
        const domain = f.target.split('#')[0]!;
        if (f.kind === 'kill-service') expect(overlapping.filter((g) => g.target.startsWith(`${domain}#`)).length).toBeLessThan(instances.filter((i) => i.domain === domain).length);
        if (f.kind === 'stop-broker') expect(overlapping.filter((g) => g.kind === 'stop-broker')).toHaveLength(1);
      }
    }
  });
});
