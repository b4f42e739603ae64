import { DOMAINS } from '@puchi/domains';
import { loadTracing, waitFor, type Tracing } from '@puchi/kafka';
import { startTestSystem, type TestSystem } from '../e2e/system';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

// Every part runs in this process, each with a provider of its own (its `service.name`) exporting over OTLP/HTTP
// JSON to the receiver, as separate processes would; they share the process's async context manager.
let receiver: OtlpReceiver;
let system: TestSystem;
const tracings = new Map<string, Tracing>();
beforeAll(async () => {
  receiver = await startOtlpReceiver();
  for (const service of ['gateway', ...DOMAINS.map((d) => `${d}-service`)]) tracings.set(service, await loadTracing({ serviceName: service, endpoint: receiver.endpoint }));
  system = await startTestSystem({ tracer: (service) => tracings.get(service)?.tracer });
});
afterAll(async () => {
  await system?.close();
  await Promise.all([...tracings.values()].map((t) => t.shutdown()));
  await receiver?.close();
});

const SPAN_KIND = { internal: 1, server: 2, producer: 4, consumer: 5 } as const;

const describeSpans = (spans: ReceivedSpan[]) => JSON.stringify(spans.map((s) => `${s.traceId.slice(0, 8)} ${s.service} ${s.name} ${s.spanId}<-${s.parentSpanId}`));
/** `waitFor`, saying what the receiver holds when it times out. */
const waitForSpans = (what: string, check: () => Promise<boolean>) =>
  waitFor(what, check, 20_000).catch((error: Error) => {
    throw new Error(`${error.message}; received ${describeSpans(receiver.spans)}`);
  });

/** The one span of `trace` matching, failing with what the trace holds when there is none or several. */
function only(trace: ReceivedSpan[], match: (s: ReceivedSpan) => boolean, what: string): ReceivedSpan {
  const found = trace.filter(match);
  if (found.length !== 1) throw new Error(`${found.length} spans for ${what} in ${describeSpans(trace)}`);
  return found[0]!;
}

describe('traces', () => {
  it('holds gateway → Kafka → service → reply and store in one trace, each span the child of the one before', async () => {
    const clientTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpanId = '00f067aa0ba902b7';
    const userId = `learner-trace-${Date.now()}`;
    const res = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await system.token(userId)}`, traceparent: `00-${clientTraceId}-${clientSpanId}-01` },
      body: JSON.stringify({ query: 'mutation StartLesson { startLesson(lessonId: "de-a2-01") { status } }' }),
    });
    const body = (await res.json()) as { data?: { startLesson: { status: string } }; errors?: unknown };
    // The identity token still verifies: it is bound to the trace id the spans carry.
    expect(body.errors).toBeUndefined();
    expect(body.data?.startLesson.status).toBe('IN_PROGRESS');

    const trace = () => receiver.spans.filter((s) => s.traceId === clientTraceId);
    await waitForSpans('the spans of the mutation', async () => {
      await Promise.all([...tracings.values()].map((t) => t.forceFlush()));
      return trace().some((s) => s.name.startsWith('apply ')) && trace().some((s) => s.name.startsWith('mutation '));
    });
    const spans = trace();

    const operation = only(spans, (s) => s.name === 'mutation StartLesson', 'the operation');
    expect(operation).toMatchObject({ service: 'gateway', kind: SPAN_KIND.server, parentSpanId: clientSpanId });
    expect(operation.attributes).toMatchObject({ 'graphql.operation.type': 'mutation', 'graphql.operation.name': 'StartLesson' });

    const fetchSpan = only(spans, (s) => s.name === 'fetch progress', 'the fetch');
    expect(fetchSpan).toMatchObject({ service: 'gateway', parentSpanId: operation.spanId });

    const send = only(spans, (s) => s.kind === SPAN_KIND.producer && s.service === 'gateway' && s.parentSpanId === fetchSpan.spanId, 'the request');
    const topic = String(send.attributes['messaging.destination.name']);
    expect(send.name).toBe(`send ${topic}`);
    expect(send.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.operation.type': 'send' });

    const handled = only(spans, (s) => s.kind === SPAN_KIND.consumer && s.parentSpanId === send.spanId, 'the handling');
    expect(handled).toMatchObject({ service: 'progress-service', name: `process ${topic}` });
    expect(handled.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': topic,
      'messaging.message.id': send.attributes['messaging.message.id'],
      'messaging.consumer.group.name': 'progress-service-group',
    });

    const reply = only(spans, (s) => s.service === 'progress-service' && s.kind === SPAN_KIND.producer && s.name.startsWith('send ') && s.parentSpanId === handled.spanId, 'the reply');
    expect(reply.name).toBe(`send ${String(reply.attributes['messaging.destination.name'])}`);
    expect(reply.attributes['messaging.message.id']).toBe(send.attributes['messaging.message.id']);
    expect(String(reply.attributes['messaging.destination.name'])).toMatch(/^puchi\.replies\./);

    const publish = only(spans, (s) => s.service === 'progress-service' && s.name === 'publish progress-events', 'the event');
    expect(publish).toMatchObject({ kind: SPAN_KIND.producer, parentSpanId: handled.spanId });
    // Its readers (the projection of every progress instance, the reactions of other domains) continue the trace; the
    // store changes only through the projection, which the handler waited for.
    const projected = only(spans, (s) => s.service === 'progress-service' && s.kind === SPAN_KIND.consumer && s.parentSpanId === publish.spanId, 'the projection');
    const store = only(spans, (s) => s.service === 'progress-service' && s.name.startsWith('apply ') && s.parentSpanId === projected.spanId, 'the store transaction');
    expect(store.attributes).toMatchObject({ 'db.system.name': 'sqlite', 'db.namespace': 'progress' });
  });

  it('starts a trace of its own for a request without traceparent', async () => {
    const res = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Lesson { lesson(id: "es-a1-04") { title } }' }),
    });
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    let root: ReceivedSpan | undefined;
    await waitForSpans('the spans of the query', async () => {
      await Promise.all([...tracings.values()].map((t) => t.forceFlush()));
      root = receiver.spans.find((s) => s.name === 'query Lesson');
      return root !== undefined && receiver.spans.some((s) => s.traceId === root!.traceId && s.kind === SPAN_KIND.consumer);
    });
    expect(root!.parentSpanId).toBeUndefined();
    const handled = receiver.spans.find((s) => s.traceId === root!.traceId && s.kind === SPAN_KIND.consumer)!;
    expect(handled.service).toBe('lesson-service');
  });
});
