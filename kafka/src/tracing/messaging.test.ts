import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { EventPublisher } from '../events/publisher';
import { subscribe } from '../events/subscriber';
import { RPC_HEADERS } from '../rpc/protocol';
import { Responder } from '../rpc/responder';
import { inMemoryBus } from '../testing/in-memory-bus';
import type { IncomingRecord, OutgoingRecord } from '../transport/port';
import { traceRequest } from './messaging';
import { startTracing } from './provider';
import { activeTraceIds, parentContext } from './spans';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const exporter = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'test', endpoint: 'http://127.0.0.1:1', exporter });
afterAll(() => tracing.shutdown());
beforeEach(() => exporter.reset());

async function finished(): Promise<ReadableSpan[]> {
  await tracing.forceFlush();
  return exporter.getFinishedSpans();
}
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const asIncoming = (record: OutgoingRecord, offset = '7'): IncomingRecord => ({ topic: record.topic, partition: 0, offset, key: record.key ?? null, value: Buffer.from(record.value ?? ''), headers: record.headers ?? {}, timestamp: Date.now() });

describe('Kafka spans', () => {
  it('sends a request in a PRODUCER span, child of the active span, and sends that span as the traceparent', async () => {
    const sent: { traceparent?: string }[] = [];
    await tracing.tracer.startActiveSpan('fetch lesson', {}, parentContext(`00-${TRACE}-00f067aa0ba902b7-01`)!, async (fetchSpan) => {
      await traceRequest(tracing.tracer, 'lesson.get', { key: 'es-a1-04', context: { traceparent: `00-${TRACE}-1111111111111111-01` } }, 'c-1', async (options) => {
        sent.push({ traceparent: options.context?.traceparent });
      });
      fetchSpan.end();
    });
    const spans = await finished();
    const send = spans.find((s) => s.name === 'send lesson.get')!;
    expect(send.kind).toBe(SpanKind.PRODUCER);
    expect(parentOf(send)).toBe(spans.find((s) => s.name === 'fetch lesson')!.spanContext().spanId);
    expect(send.attributes).toMatchObject({ 'messaging.message.id': 'c-1', 'messaging.kafka.message.key': 'es-a1-04' });
    expect(sent).toEqual([{ traceparent: `00-${TRACE}-${send.spanContext().spanId}-01` }]);
  });

  it('sends a request outside any span untraced, its traceparent as it was', async () => {
    const context = { traceparent: `00-${TRACE}-1111111111111111-01` };
    const sent = await traceRequest(tracing.tracer, 'lesson.get', { context }, 'c-1', async (options) => options);
    expect(sent.context).toBe(context);
    expect(await finished()).toEqual([]);
  });

  it('handles a request in a CONSUMER span, child of its sender; its reply, the events it publishes and their readers follow', async () => {
    const services = inMemoryBus();
    const readers = inMemoryBus();
    const publisher = new EventPublisher({ bus: services.bus, source: 'progress-service', tracer: tracing.tracer });
    await publisher.start();
    const seenIds: (string | undefined)[] = [];
    const responder = new Responder({ bus: services.bus, groupId: 'progress-service-group', tracer: tracing.tracer }).handle('start-lesson', async (_payload, context) => {
      seenIds.push(activeTraceIds()?.traceId);
      await publisher.publish('progress-events', { type: 'progress.lesson-started', subject: 'u-1', payload: {} }, { context });
      return { ok: true };
    });
    await responder.start();
    const sender = '2222222222222222';
    await services.deliver({
      topic: 'start-lesson',
      partition: 1,
      offset: '42',
      key: 'u-1',
      value: Buffer.from('{}'),
      headers: { traceparent: `00-${TRACE}-${sender}-01`, [RPC_HEADERS.correlationId]: 'c-9', [RPC_HEADERS.replyTopic]: 'start-lesson.reply', [RPC_HEADERS.deadline]: String(Date.now() + 60_000) },
      timestamp: Date.now(),
    });
    await responder.close();
    await publisher.close();

    const event = services.produced.find((r) => r.topic === 'progress-events')!;
    const reader = await subscribe({ bus: readers.bus, topic: 'progress-events', mode: 'group', groupId: 'notification-service-group', handler: () => undefined, tracer: tracing.tracer });
    await readers.deliver(asIncoming(event));
    await reader.close();

    const spans = await finished();
    const handled = spans.find((s) => s.name === 'process start-lesson')!;
    const published = spans.find((s) => s.name === 'publish progress-events')!;
    const read = spans.find((s) => s.name === 'process progress-events')!;
    expect(handled).toMatchObject({ kind: SpanKind.CONSUMER, attributes: expect.objectContaining({ 'messaging.message.id': 'c-9', 'messaging.consumer.group.name': 'progress-service-group', 'messaging.kafka.offset': 42 }) });
    expect(parentOf(handled)).toBe(sender);
    expect(seenIds).toEqual([TRACE]);
    const replied = spans.find((s) => s.name === 'send start-lesson.reply')!;
    expect(replied).toMatchObject({ kind: SpanKind.PRODUCER, attributes: expect.objectContaining({ 'messaging.message.id': 'c-9' }) });
    expect(parentOf(replied)).toBe(handled.spanContext().spanId);
    expect(services.produced.find((r) => r.topic === 'start-lesson.reply')?.headers?.traceparent).toBe(`00-${TRACE}-${handled.spanContext().spanId}-01`);
    expect(published.kind).toBe(SpanKind.PRODUCER);
    expect(parentOf(published)).toBe(handled.spanContext().spanId);
    expect(event.headers?.traceparent).toBe(`00-${TRACE}-${published.spanContext().spanId}-01`);
    expect(parentOf(read)).toBe(published.spanContext().spanId);
    expect(read.attributes['messaging.message.id']).toBe(event.headers?.['x-event-id']);
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([TRACE]));
  });

  it('marks a failed handler’s span with its error code', async () => {
    const { bus, deliver } = inMemoryBus();
    const responder = new Responder({ bus, groupId: 'g', tracer: tracing.tracer }).handle('t', () => {
      throw Object.assign(new Error('no such lesson'), { code: 'NOT_FOUND' });
    });
    await responder.start();
    await deliver({ topic: 't', partition: 0, offset: '1', key: null, value: Buffer.from('{}'), headers: { traceparent: `00-${TRACE}-2222222222222222-01` }, timestamp: Date.now() });
    await responder.close();
    const [span] = await finished();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no such lesson' });
    expect(span!.attributes['error.type']).toBe('NOT_FOUND');
  });

  it('traces nothing without a tracer, even inside an active span: headers go as they came', async () => {
    const { bus, produced, deliver } = inMemoryBus();
    const publisher = new EventPublisher({ bus, source: 'progress-service' });
    await publisher.start();
    const responder = new Responder({ bus, groupId: 'g' }).handle('t', async (_payload, context) => {
      await publisher.publish('progress-events', { type: 'x', subject: 'u-1', payload: {} }, { context });
      return {};
    });
    await responder.start();
    const traceparent = `00-${TRACE}-2222222222222222-01`;
    await tracing.tracer.startActiveSpan('unrelated', async (span) => {
      await deliver({ topic: 't', partition: 0, offset: '1', key: null, value: Buffer.from('{}'), headers: { traceparent, [RPC_HEADERS.correlationId]: 'c', [RPC_HEADERS.replyTopic]: 't.reply' }, timestamp: Date.now() });
      span.end();
    });
    await responder.close();
    await publisher.close();
    expect(produced.find((r) => r.topic === 'progress-events')?.headers?.traceparent).toBe(traceparent);
    expect(produced.find((r) => r.topic === 't.reply')?.headers).not.toHaveProperty('traceparent');
    expect((await finished()).map((s) => s.name)).toEqual(['unrelated']);
  });

  it('handles records without a traceparent (heartbeats) without a span', async () => {
    const { bus, deliver } = inMemoryBus();
    const responder = new Responder({ bus, groupId: 'g', tracer: tracing.tracer }).handle('t', () => ({}));
    await responder.start();
    await deliver({ topic: 't', partition: 0, offset: '1', key: null, value: Buffer.from('{}'), headers: {}, timestamp: Date.now() });
    await responder.close();
    expect(await finished()).toEqual([]);
  });
});
