import { SYSTEM_TOPICS, type MessageBus } from '@puchi/kafka';

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms).unref())]);

/** `GET /api/health`: 200 when the gateway serves and Kafka answers a metadata request, 503 otherwise. */
export async function health(bus: MessageBus, timeoutMs = 2000): Promise<{ status: number; body: unknown }> {
  const started = Date.now();
  try {
    const connecting = bus.admin();
    const admin = await withTimeout(connecting, timeoutMs, 'connecting to Kafka').catch((error: unknown) => {
      // A connection that completes after the deadline would otherwise stay open for the process's lifetime.
      void connecting.then((late) => late.disconnect()).catch(() => undefined);
      throw error;
    });
    try {
      await withTimeout(admin.partitions(SYSTEM_TOPICS.heartbeats), timeoutMs, 'a Kafka metadata request');
    } finally {
      void admin.disconnect();
    }
    return { status: 200, body: { status: 'ok', gateway: 'up', kafka: { reachable: true, latencyMs: Date.now() - started } } };
  } catch (error) {
    return { status: 503, body: { status: 'degraded', gateway: 'up', kafka: { reachable: false, error: error instanceof Error ? error.message : String(error) } } };
  }
}
