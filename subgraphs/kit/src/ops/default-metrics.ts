import { collectDefaultMetrics, register } from 'prom-client';

/** A metric `collectDefaultMetrics` registers: present once they are. */
const PROBE = 'process_cpu_user_seconds_total';

/**
 * Node's default metrics (CPU, memory, heap, event loop lag, GC, handles), unprefixed as every Node dashboard
 * expects them, once per process whoever asks first (the gateway, a service, or both in one test process).
 */
export function ensureDefaultMetrics(): void {
  if (register.getSingleMetric(PROBE) === undefined) collectDefaultMetrics({ register });
}
