import { NoResponderError, RemoteError, RequestTimeoutError, route, type Logger } from '@puchi/kafka';
import { toGraphQLError, type Caller } from '@puchi/subgraph-kit';
import { GraphQLError } from 'graphql';
import { register } from 'prom-client';
import { createFormatError } from '../limits';
import { CircuitBreakingCaller } from './caller';
import { CircuitOpenError } from './errors';
import { circuitMetrics } from './metrics';
import { DEFAULT_CIRCUIT, type CircuitSettings } from './settings';

const WORDS = route<{ keys: string[] }, { values: unknown[] }>('get-words-by-id');
const LESSONS = route<{ keys: string[] }, { values: unknown[] }>('get-lessons');
const TOPICS = new Map([
  [WORDS.name, 'vocabulary'],
  [LESSONS.name, 'lesson'],
]);
const REPLY = { values: [] };

const timeout = (timeoutMs = 5000) => new RequestTimeoutError(WORDS.name, 'c-1', timeoutMs);
const notFound = () => new RemoteError(WORDS.name, 'c-1', 'NOT_FOUND', 'word "x" does not exist');

/** An in-memory caller: each call is answered by `answer` (a reply by default), and every send is recorded. */
function fakeCaller() {
  const sent: string[] = [];
  let answer: (topic: string) => Promise<unknown> = () => Promise.resolve(REPLY);
  const caller: Caller = {
    request: <TRequest, TReply>(r: { name: string }, _payload: TRequest) => {
      sent.push(r.name);
      return answer(r.name) as Promise<TReply>;
    },
  };
  return { caller, sent, answer: (next: (topic: string) => Promise<unknown>) => (answer = next) };
}

/** A logger that keeps its lines. */
function recordingLogger() {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug: (msg, fields) => lines.push({ level: 'debug', msg, fields }),
    info: (msg, fields) => lines.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => lines.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => lines.push({ level: 'error', msg, fields }),
    child: () => logger,
  };
  return { logger, lines };
}

function setup(settings: Partial<CircuitSettings> = {}) {
  const fake = fakeCaller();
  const log = recordingLogger();
  const circuits = new CircuitBreakingCaller({ caller: fake.caller, topics: TOPICS, settings: { ...DEFAULT_CIRCUIT, ...settings }, requestTimeoutMs: 5000, logger: log.logger, metrics: circuitMetrics() });
  const call = (r = WORDS) => circuits.request(r, { keys: ['x'] });
  /** Calls once with every answer failing as `error`, and swallows the rejection. */
  const fail = async (error: () => unknown = timeout, r = WORDS) => {
    fake.answer(() => Promise.reject(error()));
    await call(r).catch(() => undefined);
  };
  return { ...fake, ...log, circuits, call, fail };
}

async function metricValue(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = register.getSingleMetric(name);
  const values = (await metric?.get())?.values ?? [];
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

describe('a circuit per domain at the gateway', () => {
  it('opens after consecutive failures, then refuses calls at once without sending them', async () => {
    const t = setup();
    for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures; i++) await t.fail();
    expect(t.circuits.state('vocabulary')).toBe('open');
    const sent = t.sent.length;

    const refused = await t.call().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect((refused as CircuitOpenError).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', service: 'vocabulary', retriable: true, circuit: 'open', retryAfterSeconds: DEFAULT_CIRCUIT.halfOpenAfterMs / 1000 });
    expect(t.sent.length).toBe(sent);
  });

  it('passes each failure on as it is while closed', async () => {
    const t = setup();
    t.answer(() => Promise.reject(timeout()));
    await expect(t.call()).rejects.toBeInstanceOf(RequestTimeoutError);
    t.answer(() => Promise.reject(notFound()));
    await expect(t.call()).rejects.toBeInstanceOf(RemoteError);
    t.answer(() => Promise.resolve(REPLY));
    await expect(t.call()).resolves.toBe(REPLY);
  });

  it('counts a business error as an answer: the service is alive, and the run of failures starts again', async () => {
    const t = setup();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures - 1; i++) await t.fail();
      await t.fail(notFound);
    }
    expect(t.circuits.state('vocabulary')).toBe('closed');
  });

  it('counts "no responder" as a failure', async () => {
    const t = setup();
    for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures; i++) await t.fail(() => new NoResponderError(WORDS.name, 'no-group-member'));
    expect(t.circuits.state('vocabulary')).toBe('open');
  });

  it('does not count a timeout whose request had spent its deadline before the call', async () => {
    const t = setup();
    // 100 ms left of the request's 5 s when the call was sent: the request was slow elsewhere.
    for (let i = 0; i < 3 * DEFAULT_CIRCUIT.consecutiveFailures; i++) await t.fail(() => timeout(100));
    expect(t.circuits.state('vocabulary')).toBe('closed');
  });

  it('opens on the error rate when failures never come in a row, once the window holds enough calls', async () => {
    const t = setup({ consecutiveFailures: 3, minCalls: 20 });
    const pattern = async () => {
      await t.fail();
      await t.fail();
      await t.fail(notFound);
    };
    for (let i = 0; i < 3; i++) await pattern();
    expect(t.circuits.state('vocabulary')).toBe('closed'); // 6 of 9 failed: too few calls to judge
    for (let i = 0; i < 5; i++) await pattern();
    expect(t.circuits.state('vocabulary')).toBe('open'); // 16 of 24
  });

  it('half-opens with one probe: the calls meanwhile are refused, and its success closes the circuit', async () => {
    const t = setup();
    for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures; i++) await t.fail();
    jest.advanceTimersByTime(DEFAULT_CIRCUIT.halfOpenAfterMs);

    let answerProbe!: (value: unknown) => void;
    t.answer(() => new Promise((resolve) => (answerProbe = resolve)));
    const sent = t.sent.length;
    const probe = t.call();
    expect(t.circuits.state('vocabulary')).toBe('half-open');
    const meanwhile = await t.call().catch((error: unknown) => error);
    expect(meanwhile).toBeInstanceOf(CircuitOpenError);
    expect(t.sent.length).toBe(sent + 1);

    answerProbe(REPLY);
    await expect(probe).resolves.toBe(REPLY);
    expect(t.circuits.state('vocabulary')).toBe('closed');
    t.answer(() => Promise.resolve(REPLY));
    await expect(t.call()).resolves.toBe(REPLY);
  });

  it('lets one more probe through while the first is still out a half-open period later, and closes on its answer', async () => {
    const t = setup();
    for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures; i++) await t.fail();
    jest.advanceTimersByTime(DEFAULT_CIRCUIT.halfOpenAfterMs);

    // The first probe went into the outage and waits out its deadline.
    t.answer(() => new Promise(() => undefined));
    void t.call();
    jest.advanceTimersByTime(DEFAULT_CIRCUIT.halfOpenAfterMs - 1);
    expect(await t.call().catch((error: unknown) => error)).toBeInstanceOf(CircuitOpenError);

    // The service is back: a second probe goes out and closes the circuit, not the first probe's deadline.
    jest.advanceTimersByTime(1);
    t.answer(() => Promise.resolve(REPLY));
    const sent = t.sent.length;
    await expect(t.call()).resolves.toBe(REPLY);
    expect(t.sent.length).toBe(sent + 1);
    expect(t.circuits.state('vocabulary')).toBe('closed');
  });

  it('closes on a probe the service answers with a business error', async () => {
    const t = setup();
    for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures; i++) await t.fail();
    jest.advanceTimersByTime(DEFAULT_CIRCUIT.halfOpenAfterMs);
    await t.fail(notFound);
    expect(t.circuits.state('vocabulary')).toBe('closed');
  });

  it('opens again when the probe fails, or proves nothing', async () => {
    const t = setup();
    for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures; i++) await t.fail();
    jest.advanceTimersByTime(DEFAULT_CIRCUIT.halfOpenAfterMs);
    await t.fail();
    expect(t.circuits.state('vocabulary')).toBe('open');
    jest.advanceTimersByTime(DEFAULT_CIRCUIT.halfOpenAfterMs - 1000);
    expect(((await t.call().catch((e: unknown) => e)) as CircuitOpenError).retryAfterSeconds).toBe(1);

    jest.advanceTimersByTime(1000);
    await t.fail(() => timeout(100)); // a spent deadline shows nothing about the service
    expect(t.circuits.state('vocabulary')).toBe('open');
  });

  it("keeps each domain's circuit to itself", async () => {
    const t = setup();
    for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures; i++) await t.fail();
    expect(t.circuits.state('vocabulary')).toBe('open');
    expect(t.circuits.state('lesson')).toBe('closed');
    t.answer(() => Promise.resolve(REPLY));
    await expect(t.call(LESSONS)).resolves.toBe(REPLY);
  });

  it('sends topics of no domain straight through, and never opens with both triggers off', async () => {
    const t = setup({ consecutiveFailures: 0, errorRatePercent: 0 });
    for (let i = 0; i < 30; i++) await t.fail();
    expect(t.circuits.state('vocabulary')).toBe('closed');
    const other = route<unknown, unknown>('someone-elses-topic');
    t.answer(() => Promise.resolve(REPLY));
    await expect(t.circuits.request(other, {})).resolves.toBe(REPLY);
  });

  it('logs each transition and reports it on the default registry', async () => {
    const t = setup();
    for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures; i++) await t.fail();
    expect(await metricValue('puchi_circuit_state', { domain: 'vocabulary' })).toBe(2);
    const opened = (await metricValue('puchi_circuit_transitions_total', { domain: 'vocabulary', to: 'open' })) ?? 0;
    expect(opened).toBeGreaterThanOrEqual(1);
    expect(t.lines).toContainEqual({ level: 'warn', msg: 'circuit opened', fields: expect.objectContaining({ domain: 'vocabulary', from: 'closed', to: 'open', cause: expect.any(RequestTimeoutError) }) });

    jest.advanceTimersByTime(DEFAULT_CIRCUIT.halfOpenAfterMs);
    t.answer(() => Promise.resolve(REPLY));
    await t.call();
    expect(await metricValue('puchi_circuit_state', { domain: 'vocabulary' })).toBe(0);
    expect(t.lines.map((l) => l.msg)).toEqual(['circuit opened', 'circuit half-open: one probe goes through', 'circuit closed']);
  });
});

describe('the open-circuit error', () => {
  it('reaches the client as it is: the kit keeps it, and production masking keeps its hints', () => {
    const error = new CircuitOpenError('media', 3);
    expect(toGraphQLError(error, 'media')).toBe(error);
    const masked = createFormatError({ mask: true })({ message: error.message, path: ['lesson', 'media'], extensions: error.extensions }, error);
    expect(masked).toEqual({ message: error.message, path: ['lesson', 'media'], extensions: { code: 'SERVICE_UNAVAILABLE', retriable: true, circuit: 'open', retryAfterSeconds: 3 } });
    expect(error).toBeInstanceOf(GraphQLError);
  });
});

describe('partition circuits (keyed calls)', () => {
  function keyedSetup() {
    const base = setup();
    // Keys name their partition directly: "p0", "p1"…
    base.caller.partitionOf = (_topic, key) => Promise.resolve(Number(key.slice(1)));
    const keyed = (partition: number) => base.circuits.request(WORDS, { keys: ['x'] }, { key: `p${partition}` });
    return { ...base, keyed };
  }

  it('opens only the circuit of the partition whose owner stopped answering', async () => {
    const { circuits, answer, keyed, call } = keyedSetup();
    answer(() => Promise.reject(timeout()));
    for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures; i++) await keyed(1).catch(() => undefined);
    expect(circuits.openPartitions('vocabulary')).toEqual([1]);
    answer(() => Promise.resolve(REPLY));
    await expect(keyed(1)).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(keyed(0)).resolves.toBe(REPLY);
    await expect(keyed(2)).resolves.toBe(REPLY);
    await expect(call()).resolves.toBe(REPLY);
    expect(circuits.state('vocabulary')).toBe('closed');
  });

  it('names the domain, not the partition, in what it refuses with', async () => {
    const { answer, keyed } = keyedSetup();
    answer(() => Promise.reject(timeout()));
    for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures; i++) await keyed(3).catch(() => undefined);
    const refused = (await keyed(3).catch((e: unknown) => e)) as CircuitOpenError;
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(refused.extensions).toMatchObject({ service: 'vocabulary', circuit: 'open' });
  });

  it('keeps unkeyed failures on the domain circuit', async () => {
    const { circuits, fail } = keyedSetup();
    for (let i = 0; i < DEFAULT_CIRCUIT.consecutiveFailures; i++) await fail();
    expect(circuits.state('vocabulary')).toBe('open');
    expect(circuits.openPartitions('vocabulary')).toEqual([]);
  });
});
