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
