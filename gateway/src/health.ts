import { SYSTEM_TOPICS, type ReplyPath } from '@puchi/kafka';
import type { SharedAdmin } from './shared-admin';

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms).unref())]);

export interface HealthOptions {
  /** How long Kafka may take to answer a metadata request. Default 2000 ms. */
  timeoutMs?: number;
  /** Whether the gateway's `RpcClient` can receive replies (`rpc.replyPath()`); `missing` answers 503. Default: not checked. */
  replyPath?: () => ReplyPath;
}

/**
 * `GET /api/health`: 200 when the gateway serves, Kafka answers a metadata request within `timeoutMs` and the
 * gateway's reply topic is there (or being recreated); 503 with `status: 'degraded'` otherwise: without its
 * reply topic every request would time out while the gateway still looked up. The request goes through the
 * gateway's one admin connection (`SharedAdmin`), and callers at the same time share it: however often the route
 * is polled, at most one metadata request is in flight, also while a slow broker keeps one waiting past the deadline.
 */
export function healthCheck(admin: SharedAdmin, options: HealthOptions = {}): () => Promise<{ status: number; body: unknown }> {
  const { timeoutMs = 2000, replyPath } = options;
  let inFlight: Promise<unknown> | undefined;
  const ask = () => (inFlight ??= admin.use((a) => a.partitions(SYSTEM_TOPICS.heartbeats)).finally(() => (inFlight = undefined)));
  return async () => {
    const started = Date.now();
    try {
      await withTimeout(ask(), timeoutMs, 'a Kafka metadata request');
    } catch (error) {
      return { status: 503, body: { status: 'degraded', gateway: 'up', kafka: { reachable: false, error: error instanceof Error ? error.message : String(error) } } };
    }
    const kafka = { reachable: true, latencyMs: Date.now() - started };
    const replies = replyPath?.();
    if (replies === 'missing') return { status: 503, body: { status: 'degraded', gateway: 'up', kafka, replies } };
    return { status: 200, body: { status: 'ok', gateway: 'up', kafka, ...(replies ? { replies } : {}) } };
  };
}
