import { BrokerUnavailableError, DecodeError, isRetriable, PuchiKafkaError, RemoteError, RetriesExhaustedError } from './errors';
import { retry, type RetryOptions } from './retry';

/** Fails with `errors` in turn, then answers `done`; counts its calls. */
function failing(...errors: unknown[]) {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    if (calls.length <= errors.length) throw errors[calls.length - 1];
    return 'done';
  };
  return { fn, calls };
}

const instant = { retries: 3, backoff: (n: number) => 10 * 2 ** n, sleep: async () => undefined } satisfies RetryOptions;
const retriable = () => new PuchiKafkaError('broker busy', { retriable: true });
const nonRetriable = () => new PuchiKafkaError('bad input', { retriable: false });

describe('retry', () => {
  it('retries a retriable failure until it succeeds, waiting the backoff of each retry', async () => {
    const waits: number[] = [];
    const { fn, calls } = failing(retriable(), retriable());
    await expect(retry(fn, { ...instant, sleep: async (ms) => void waits.push(ms) })).resolves.toBe('done');
    expect(calls).toEqual([1, 2, 3]);
    expect(waits).toEqual([20, 40]);
  });

  it('retries an error that says nothing about retrying, as kafkajs does', async () => {
    const { fn, calls } = failing(new Error('database is locked'));
    await expect(retry(fn, instant)).resolves.toBe('done');
    expect(calls).toEqual([1, 2]);
  });

  it.each([
    ['a TypeError', new TypeError("cannot read properties of undefined (reading 'id')")],
    ['a RangeError', new RangeError('invalid array length')],
    ['a ReferenceError', new ReferenceError('x is not defined')],
    ['a SyntaxError', new SyntaxError('Unexpected token } in JSON')],
  ])('never retries a programming error: %s', async (_name, error) => {
    const { fn, calls } = failing(error);
    await expect(retry(fn, instant)).rejects.toBe(error);
    expect(calls).toEqual([1]);
  });

  it('stops at once on retriable=false and throws the error as it is', async () => {
    const error = nonRetriable();
    const { fn, calls } = failing(retriable(), error);
    await expect(retry(fn, instant)).rejects.toBe(error);
    expect(calls).toEqual([1, 2]);
  });

  it('wraps the last error when the retries run out', async () => {
    const last = retriable();
    const { fn, calls } = failing(retriable(), retriable(), retriable(), last);
    const thrown = await retry(fn, instant).catch((e: unknown) => e);
    expect(calls).toEqual([1, 2, 3, 4]);
    expect(thrown).toBeInstanceOf(RetriesExhaustedError);
    expect(thrown).toMatchObject({ attempts: 4, cause: last, retriable: false });
    expect((thrown as Error).message).toBe('gave up after 4 attempts: broker busy');
  });

  it('makes one attempt with no retries', async () => {
    const { fn, calls } = failing(retriable());
    await expect(retry(fn, { ...instant, retries: 0 })).rejects.toBeInstanceOf(RetriesExhaustedError);
    expect(calls).toEqual([1]);
  });

  it('decides with the predicate it is given', async () => {
    const { fn, calls } = failing(retriable());
    await expect(retry(fn, { ...instant, isRetriable: () => false })).rejects.toBeInstanceOf(PuchiKafkaError);
    expect(calls).toEqual([1]);
  });
});

describe('isRetriable', () => {
  it.each([
    ['a retriable library error', true, new BrokerUnavailableError('produce', new Error('connection refused'))],
    ['an error without a flag', true, new Error('database is locked')],
    ['a thrown string', true, 'boom'],
    ['a domain error (retriable: false)', false, Object.assign(new Error('score: too big'), { code: 'BAD_USER_INPUT', retriable: false })],
    ['a poison record', false, new DecodeError('t', 0, '1', 'not JSON')],
    ['a remote error the responder did not call retriable', false, new RemoteError('t', 'c', 'NOT_FOUND', 'gone')],
    ['a TypeError, whatever it says', false, Object.assign(new TypeError('x is not a function'), { retriable: true })],
    ['the end of a retry loop', false, new RetriesExhaustedError(3, new Error('busy'))],
  ])('%s: %s', (_name, expected, error) => {
    expect(isRetriable(error)).toBe(expected);
  });
});
