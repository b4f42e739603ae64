import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, NodeTracerProvider, type NodeTracerConfig, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { otlpTracesUrl } from './otlp-url';

type Resource = NonNullable<NodeTracerConfig['resource']>;

export interface TracingOptions {
  /** `service.name` of every span: `gateway`, `<domain>-service`. */
  serviceName: string;
  /**
   * The OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. `http://localhost:4318`); spans go to
   * `<endpoint>/v1/traces` as OTLP JSON, as the specification appends the signal's path to the base.
   */
  endpoint: string;
  /** Default: OTLP/HTTP JSON to `endpoint`. Tests give an in-memory exporter. */
  exporter?: SpanExporter;
}

/** One process's (or, in tests, one in-process service's) tracing: its tracer, and the export pipeline behind it. */
export interface Tracing {
  readonly tracer: Tracer;
  /** Exports every ended span now. */
  forceFlush(): Promise<void>;
  /**
   * Exports what is left and stops; call it at shutdown, after the last span ended. Resolves within
   * `SHUTDOWN_GRACE_MS` even when the collector does not answer (what is left is then lost).
   */
  shutdown(): Promise<void>;
}

/**
 * How long a stopping process waits for its last spans to be exported. The exporter's own timeout is 10 s, with
 * retries: a collector that is down would otherwise hold every stop (and `npm start`'s Ctrl-C) that long.
 */
export const SHUTDOWN_GRACE_MS = 3000;

function within(ms: number, work: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms).unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

let contextManager: AsyncLocalStorageContextManager | undefined;

/**
 * Makes the active span follow async work (an `await`, a DataLoader batch) for every tracer of this process.
 * The first registration wins; later calls reuse it (several in-process services in tests share it).
 */
function ensureContextManager(): void {
  if (contextManager) return;
  contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
}

/**
 * The one resource attribute set we need. `@opentelemetry/resources` 2.x is not the copy this package resolves
 * (an older one is hoisted for another dependency), and the provider only reads `attributes` from it.
 */
function serviceResource(serviceName: string): Resource {
  const attributes = { 'service.name': serviceName, 'telemetry.sdk.language': 'nodejs', 'telemetry.sdk.name': 'opentelemetry' };
  const resource: Resource = {
    attributes,
    getRawAttributes: () => Object.entries(attributes),
    merge: (other) => (other ? { ...resource, attributes: { ...attributes, ...other.attributes }, getRawAttributes: () => Object.entries({ ...attributes, ...other.attributes }) } : resource),
  };
  return resource;
}

/**
 * Starts tracing for one service: a tracer provider of its own (so in-process services in tests keep their own
 * `service.name`), spans batched (`BatchSpanProcessor`: at most 2048 queued, exported every 5 s or 512 at a time,
 * the SDK defaults, which its standard `OTEL_BSP_*` variables change) and exported over OTLP/HTTP JSON. The
 * provider is not registered as the global one: the tracer is handed to the code that traces, so nothing else
 * starts spans, and a process without tracing allocates none.
 */
export function startTracing(options: TracingOptions): Tracing {
  ensureContextManager();
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: otlpTracesUrl(options.endpoint) });
  const provider = new NodeTracerProvider({ resource: serviceResource(options.serviceName), spanProcessors: [new BatchSpanProcessor(exporter)] });
  return {
    tracer: provider.getTracer('puchi'),
    forceFlush: () => provider.forceFlush(),
    shutdown: () => within(SHUTDOWN_GRACE_MS, provider.shutdown()),
  };
}
