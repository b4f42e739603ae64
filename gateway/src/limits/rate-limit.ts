import { LruCache } from '../lru';
import { LIMIT_CODES, limitError } from './codes';

/** Keys a limiter remembers by default: about 15 MB (a bucket, its key and the map's entry take ~150 bytes). */
export const DEFAULT_RATE_LIMIT_KEYS = 100_000;

export interface RateLimiterOptions {
  /** Requests per minute a key may make on average. */
  perMinute: number;
  /** Requests a key may make at once after being idle. Default `perMinute`. */
  burst?: number;
  /**
   * Keys remembered at most; the least recently used is forgotten first, in O(1). Default 100,000
   * (`DEFAULT_RATE_LIMIT_KEYS`). A forgotten key starts again with a full bucket.
   */
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
 *
 * Eviction is least recently used, not "full buckets first": scanning for full buckets cost a pass over every
 * key for each new key once the map was full (100,000 keys: seconds of CPU per burst of new IPs). The least
 * recently used key is the one idle longest, so usually full anyway; forgetting a key that is not lets it start
 * over with a full bucket, which takes `maxKeys` other keys going through the limiter in between.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const capacity = options.burst ?? options.perMinute;
  const perMs = options.perMinute / 60_000;
  const now = options.now ?? Date.now;
  const buckets = new LruCache<string, { tokens: number; at: number }>(options.maxKeys ?? DEFAULT_RATE_LIMIT_KEYS);

  return {
    take(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { tokens: capacity, at: t };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
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
