import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { loadTracing, type Tracing } from '@puchi/kafka';
import { trace, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { loadConfig } from '../config';
import { spansOfExport } from './otlp-receiver';
import { fetchAttributes, tracedDataSource } from './fetch';
import { operationAttributes, operationSpanName, operationSpanOf, startOperationSpan } from './operation';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
beforeAll(async () => {
  tracing = await loadTracing({ serviceName: 'gateway', endpoint: 'http://127.0.0.1:1', exporter });
});
afterAll(() => tracing.shutdown());
beforeEach(() => exporter.reset());

describe('gateway spans', () => {
  it('traces only when OTEL_EXPORTER_OTLP_ENDPOINT names a collector', () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).otlpEndpoint).toBe('http://collector:4318/');
    expect(loadConfig({})).not.toHaveProperty('otlpEndpoint');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'nope' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('names an operation span by the GraphQL conventions', () => {
    expect(operationSpanName('query', 'Lesson')).toBe('query Lesson');
    expect(operationSpanName('mutation', undefined)).toBe('mutation');
    expect(operationSpanName(undefined, undefined)).toBe('graphql');
    expect(operationAttributes('query', 'Lesson')).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'Lesson' });
    expect(operationAttributes('query', undefined)).toEqual({ 'graphql.operation.type': 'query' });
    expect(fetchAttributes('lesson', 'Lesson__lesson__0')).toEqual({ 'puchi.subgraph': 'lesson', 'graphql.operation.name': 'Lesson__lesson__0' });
  });

  it('continues the client’s trace, and a context copy (as Apollo hands to resolvers) still holds the span', () => {
    const operation = startOperationSpan(tracing.tracer, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(operation.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(operation.traceparent).not.toContain('00f067aa0ba902b7');
    const context = {};
    operation.attach(context);
    expect(operationSpanOf(Object.assign(Object.create(null) as object, context))).toBe(operation.span);
    operation.span.end();
  });

  it('runs each fetch in a span child of the operation, active while the subgraph resolves, failed when it answers errors', async () => {
    const operation = startOperationSpan(tracing.tracer, undefined);
    const context = {};
    operation.attach(context);
    let activeInside: string | undefined;
    const inner: GraphQLDataSource = {
      process: async () => {
        activeInside = trace.getActiveSpan()?.spanContext().spanId;
        return { errors: [{ message: 'lesson is down', extensions: { code: 'SERVICE_UNAVAILABLE' } }] } as never;
      },
    };
    await tracedDataSource('lesson', inner, tracing.tracer).process({ request: { query: '{ x }' }, context } as unknown as GraphQLDataSourceProcessOptions);
    operation.span.end();
    await tracing.forceFlush();
    const fetchSpan = exporter.getFinishedSpans().find((s) => s.name === 'fetch lesson')!;
    expect(fetchSpan.parentSpanContext?.spanId).toBe(operation.span.spanContext().spanId);
    expect(activeInside).toBe(fetchSpan.spanContext().spanId);
    expect(fetchSpan.status.code).toBe(SpanStatusCode.ERROR);
    expect(fetchSpan.attributes['error.type']).toBe('SERVICE_UNAVAILABLE');
  });

  it('leaves a fetch without an operation span (a subscription event’s) untraced', async () => {
    const inner: GraphQLDataSource = { process: async () => ({ data: {} }) as never };
    await tracedDataSource('lesson', inner, tracing.tracer).process({ request: {}, context: {} } as unknown as GraphQLDataSourceProcessOptions);
    await tracing.forceFlush();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('reads the spans of an OTLP/HTTP JSON export, with their service', () => {
    const spans = spansOfExport({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'lesson-service' } }] },
          scopeSpans: [{ spans: [{ traceId: 't', spanId: 's', parentSpanId: 'p', name: 'process lesson.get', kind: 5, attributes: [{ key: 'messaging.kafka.offset', value: { intValue: '4' } }] }] }],
        },
      ],
    });
    expect(spans).toEqual([{ service: 'lesson-service', traceId: 't', spanId: 's', parentSpanId: 'p', name: 'process lesson.get', kind: 5, attributes: { 'messaging.kafka.offset': 4 }, status: undefined }]);
  });
});
