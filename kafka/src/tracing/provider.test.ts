import type { SpanExporter } from '@opentelemetry/sdk-trace-node';
import { SHUTDOWN_GRACE_MS, startTracing } from './provider';

describe('tracing shutdown', () => {
  afterEach(() => jest.useRealTimers());

  it('does not hold a stopping process on a collector that never answers', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const exported: number[] = [];
    // An export that never calls back: a collector that accepted the connection and went silent.
    const silent: SpanExporter = { export: (spans) => void exported.push(spans.length), shutdown: () => new Promise(() => undefined) };
    const tracing = startTracing({ serviceName: 'test', endpoint: 'http://127.0.0.1:1', exporter: silent });
    tracing.tracer.startSpan('last').end();
    let stopped = false;
    const stopping = tracing.shutdown().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(SHUTDOWN_GRACE_MS - 1);
    expect(stopped).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await stopping;
    expect(stopped).toBe(true);
    expect(exported).toEqual([1]);
  });
});
