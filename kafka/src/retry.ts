import { isRetriable, RetriesExhaustedError } from './errors';

export interface RetryOptions {
  /** Attempts after the first: `retries: 2` means at most 3 calls. */
  retries: number;
  /** Milliseconds to wait before retry `n` (1 for the first retry). */
  backoff: (retry: number) => number;
  /** Whether a failure is worth another attempt. Default `isRetriable`: never a programming error, else its `retriable`. */
  isRetriable?: (error: unknown) => boolean;
  /** Called before each wait, e.g. to log the failure. */
  onRetry?: (error: unknown, attempt: number) => void;
  /** Default: a timer. Tests pass an instant one. */
  sleep?: (ms: number) => Promise<void>;
}

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn` until it succeeds, as kafkajs's retry loop does: a failure that is not retriable is thrown at once,
 * as it is; a retriable one is tried again after `backoff`, and when the retries run out the last failure is
 * thrown wrapped in a `RetriesExhaustedError` (its `cause`). `fn` gets the attempt number, 1 first.
 */
export async function retry<T>(fn: (attempt: number) => T | Promise<T>, options: RetryOptions): Promise<T> {
  const retriable = options.isRetriable ?? isRetriable;
  const sleep = options.sleep ?? timer;
  const retries = Math.max(0, options.retries);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!retriable(error)) throw error;
      if (attempt > retries) throw new RetriesExhaustedError(attempt, error);
      options.onRetry?.(error, attempt);
      await sleep(options.backoff(attempt));
    }
  }
}
