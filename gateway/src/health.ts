import { SYSTEM_TOPICS } from '@puchi/kafka';
import type { SharedAdmin } from './shared-admin';

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms).unref())]);

/**
 * `GET /api/health`: 200 when the gateway serves and Kafka answers a metadata request within `timeoutMs`
 * (default 2000), 503 otherwise. The request goes through the gateway's one admin connection (`SharedAdmin`),
 * and callers at the same time share it: however often the route is polled, at most one metadata request is
 * in flight, also while a slow broker keeps one waiting past the deadline.
 */
export function healthCheck(admin: SharedAdmin, timeoutMs = 2000): () => Promise<{ status: number; body: unknown }> {
  let inFlight: Promise<unknown> | undefined;
  const ask = () => (inFlight ??= admin.use((a) => a.partitions(SYSTEM_TOPICS.heartbeats)).finally(() => (inFlight = undefined)));
  return async () => {
    const started = Date.now();
    try {
      await withTimeout(ask(), timeoutMs, 'a Kafka metadata request');
      return { status: 200, body: { status: 'ok', gateway: 'up', kafka: { reachable: true, latencyMs: Date.now() - started } } };
    } catch (error) {
      return { status: 503, body: { status: 'degraded', gateway: 'up', kafka: { reachable: false, error: error instanceof Error ? error.message : String(error) } } };
    }
  };
}
