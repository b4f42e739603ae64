import type { GraphQLError } from 'graphql';
import { createRateLimiter, enforceRateLimit } from './rate-limit';

describe('createRateLimiter', () => {
  it('allows a burst, then refuses with the seconds until the next token, then refills', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('ana').allowed)).toEqual([true, true, true]);
    expect(limiter.take('ana')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('ben').allowed).toBe(true); // per key
    now += 1000;
    expect(limiter.take('ana').allowed).toBe(true);
  });

  it('forgets idle keys beyond maxKeys', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 1, maxKeys: 2, now: () => now });
    limiter.take('a');
    limiter.take('b');
    now += 60_000;
    limiter.take('c'); // a and b are full again: forgotten
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('forgets the least recently used key first, so an active key keeps its (empty) bucket', () => {
    const limiter = createRateLimiter({ perMinute: 60, burst: 1, maxKeys: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');
    expect(limiter.take('a').allowed).toBe(false); // a is now the most recently used
    limiter.take('c'); // forgets b, not a
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true); // a fresh bucket
  });

  // Eviction takes the least recently used key in O(1) (the LRU); the old map scan for every new key, 4·10^8 steps
  // here, took 80 s under Jest. How fast it is belongs to a benchmark, not to this test: it checks the behaviour.
  it('keeps limiting once full: 20,000 new keys over 20,000 drained ones replace the old ones', () => {
    const limiter = createRateLimiter({ perMinute: 60, burst: 1, maxKeys: 20_000, now: () => 0 });
    for (let i = 0; i < 20_000; i++) limiter.take(`ip:old-${i}`);
    for (let i = 0; i < 20_000; i++) limiter.take(`ip:new-${i}`);
    expect(limiter.take('ip:new-19999').allowed).toBe(false); // still limiting
    expect(limiter.take('ip:old-19999').allowed).toBe(true); // forgotten: a fresh bucket
  });

  it('enforceRateLimit throws RATE_LIMITED with 429, Retry-After and retryAfterSeconds', () => {
    const limiter = createRateLimiter({ perMinute: 1, burst: 1, now: () => 0 });
    enforceRateLimit(limiter, 'ip:1');
    let error: GraphQLError | undefined;
    try {
      enforceRateLimit(limiter, 'ip:1');
    } catch (e) {
      error = e as GraphQLError;
    }
    expect(error?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 60, http: { status: 429, headers: new Map([['retry-after', '60']]) } });
  });
});
