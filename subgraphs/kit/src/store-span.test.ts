import { loadTracing, type Tracing } from '@puchi/kafka';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { inStoreSpan, storeSpanAttributes } from './store-span';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
beforeAll(async () => {
  tracing = await loadTracing({ serviceName: 'progress-service', endpoint: 'http://127.0.0.1:1', exporter });
});
afterAll(() => tracing.shutdown());

describe('store transaction spans', () => {
  it('says which store and which event, in the database conventions’ names', () => {
    expect(storeSpanAttributes('progress', { id: 'e-1', type: 'progress.lesson-started' })).toEqual({
      'db.system.name': 'sqlite',
      'db.namespace': 'progress',
      'db.operation.name': 'apply',
      'puchi.event.type': 'progress.lesson-started',
      'puchi.event.id': 'e-1',
    });
  });

  it('runs a transaction of traced work in a child span, and one outside any span without a span', async () => {
    const event = { id: 'e-1', type: 'progress.lesson-started' };
    expect(inStoreSpan(tracing.tracer, 'progress', event, () => 'untraced')).toBe('untraced');
    const parent = tracing.tracer.startActiveSpan('process start-lesson', (span) => {
      expect(inStoreSpan(tracing.tracer, 'progress', event, () => 'traced')).toBe('traced');
      span.end();
      return span;
    });
    await tracing.forceFlush();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['apply progress.lesson-started', 'process start-lesson']);
    expect(spans[0]!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });
});
