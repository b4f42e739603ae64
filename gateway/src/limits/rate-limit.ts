import { LIMIT_CODES, limitError } from './codes';

export interface RateLimiterOptions {
  /** Requests per minute a key may make on average. */
  perMinute: number;
  /** Requests a key may make at once after being idle. Default `perMinute`. */
  burst?: number;
  /** Keys remembered at most; full buckets are forgotten first, then the oldest. Default 100000. */
  maxKeys?: number;
  /** Default `Date.now` (tests pass a clock). */
  now?: () => number;
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: seconds until one request is allowed again (at least 1). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string): RateDecision;
}

/**
 * A token bucket per key (a user, or an IP address for anonymous requests), in this gateway's memory: with N
 * gateway instances behind a balancer a key gets up to N times the rate. Memory is bounded by `maxKeys`.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const capacity = options.burst ?? options.perMinute;
  const perMs = options.perMinute / 60_000;
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (bucket: { tokens: number; at: number }, t: number) => Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);

  const evict = (t: number) => {
    for (const [key, bucket] of buckets) if (level(bucket, t) >= capacity) buckets.delete(key);
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    take(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) evict(t);
        bucket = { tokens: capacity, at: t };
        buckets.set(key, bucket);
      }
      bucket.tokens = level(bucket, t);
      bucket.at = t;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}

/** Takes one request for `key`; over the limit throws RATE_LIMITED with HTTP 429, `Retry-After` and `extensions.retryAfterSeconds`. */
export function enforceRateLimit(limiter: RateLimiter, key: string): void {
  const decision = limiter.take(key);
  if (decision.allowed) return;
  const seconds = decision.retryAfterSeconds;
  throw limitError(LIMIT_CODES.rateLimited, `too many requests; retry in ${seconds} s`, {
    status: 429,
    headers: { 'retry-after': String(seconds) },
    extensions: { retryAfterSeconds: seconds },
  });
}
