import type { Tracing, TracingOptions } from './provider';

export type { Tracing, TracingOptions } from './provider';

/**
 * `startTracing`, with the SDK loaded on first use: it takes about half a second to load, which a process that
 * does not trace (`OTEL_EXPORTER_OTLP_ENDPOINT` unset) never pays. A process entry calls it once.
 */
export async function loadTracing(options: TracingOptions): Promise<Tracing> {
  const { startTracing } = await import('./provider');
  return startTracing(options);
}
