import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { createLogger } from '../log';
import { startTracing } from './provider';
import { activeParent, activeTraceIds, parentContext, spanContextOf, traceparentOf } from './spans';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const tracing = startTracing({ serviceName: 'test', endpoint: 'http://127.0.0.1:1', exporter: new InMemorySpanExporter() });
afterAll(() => tracing.shutdown());

describe('traceparent and spans', () => {
  it('reads a valid traceparent as a remote parent and refuses an invalid one', () => {
    expect(spanContextOf(`00-${TRACE}-00f067aa0ba902b7-01`)).toEqual({ traceId: TRACE, spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });
    expect(spanContextOf(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(spanContextOf('garbage')).toBeUndefined();
  });

  it('sends a span’s own ids downstream, in the trace it continues', () => {
    const span = tracing.tracer.startSpan('x', {}, parentContext(`00-${TRACE}-00f067aa0ba902b7-01`));
    expect(traceparentOf(span)).toBe(`00-${TRACE}-${span.spanContext().spanId}-01`);
    span.end();
  });

  it('continues the active span only when it is in the trace the call context names', () => {
    expect(activeParent(`00-${TRACE}-00f067aa0ba902b7-01`)).toBeUndefined();
    tracing.tracer.startActiveSpan('operation', {}, parentContext(`00-${TRACE}-00f067aa0ba902b7-01`)!, (span) => {
      expect(trace.getSpan(activeParent(`00-${TRACE}-1111111111111111-01`)!)).toBe(span);
      expect(trace.getSpan(activeParent(undefined)!)).toBe(span);
      // Another trace's traceparent: its identity token is bound to that trace, so no span of this one.
      expect(activeParent(`00-${'a'.repeat(32)}-1111111111111111-01`)).toBeUndefined();
      span.end();
    });
  });

  it('puts the active span’s ids on log lines, and nothing outside a span or without the option', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({}, { write: (l) => void lines.push(JSON.parse(l) as Record<string, unknown>), trace: activeTraceIds });
    const plain = createLogger({}, { write: (l) => void lines.push(JSON.parse(l) as Record<string, unknown>) });
    logger.info('outside');
    tracing.tracer.startActiveSpan('work', (span) => {
      logger.child({ component: 'c' }).info('inside');
      plain.info('untraced logger');
      span.end();
    });
    const span = lines[1]!;
    expect(lines[0]).not.toHaveProperty('traceId');
    expect(span).toMatchObject({ msg: 'inside', component: 'c', traceId: expect.stringMatching(/^[0-9a-f]{32}$/), spanId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(lines[2]).not.toHaveProperty('traceId');
  });

  it('registers no global tracer provider: code handed no tracer starts no span', () => {
    const span = trace.getTracer('anyone').startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });
});
