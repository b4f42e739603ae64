import type { CallContext } from '../context/context';
import { RPC_HEADERS } from '../rpc/protocol';
import type { IncomingRecord, OutgoingRecord } from '../transport/port';
import { messagingAttributes, messagingSpanName, type MessageFacts } from './attributes';
import { activeParent, failSpan, inSpan, parentContext, SpanKind, traceparentOf, type Span, type Tracer } from './spans';

/**
 * The spans of the Kafka machinery, one function per place: `RpcClient` (`traceRequest`), `Responder`
 * (`traceHandling`), `EventPublisher` (`startPublishSpan`) and `subscribe` (`traceEvent`). Outgoing work continues
 * the active span (`activeParent`), handled work the trace its record names (`parentContext`); each starts no
 * trace of its own. The `traceparent` a record carries is its producer span's, so the consumer span on the other
 * side is that span's child.
 */

const start = (facts: MessageFacts, kind: SpanKind) => ({ name: messagingSpanName(facts), kind, attributes: messagingAttributes(facts) });

/**
 * A request in a PRODUCER span `send <topic>` that lasts until its reply (or failure) arrives: the caller's view
 * of the round trip. `send` gets `options` with the span's traceparent in their context.
 */
export function traceRequest<O extends { key?: string; context?: CallContext }, T>(
  tracer: Tracer,
  topic: string,
  options: O,
  correlationId: string,
  send: (options: O) => Promise<T>,
): Promise<T> {
  const parent = activeParent(options.context?.traceparent);
  if (!parent) return send(options);
  const facts: MessageFacts = { topic, operation: 'send', name: 'send', key: options.key, messageId: correlationId };
  return inSpan(tracer, parent, start(facts, SpanKind.PRODUCER), (span) => send({ ...options, context: { ...options.context, traceparent: traceparentOf(span) } }));
}

/** What `traceHandling` reads of a request (a `RequestContext`). */
export interface HandledRequest {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  correlationId?: string;
  traceparent?: string;
}

/** A request's handler in a CONSUMER span `process <topic>`, child of the caller's `send` span; `handle` gets the span. */
export function traceHandling<T>(tracer: Tracer, consumerGroup: string, request: HandledRequest, handle: (span?: Span) => T | Promise<T>): Promise<T> {
  const parent = parentContext(request.traceparent);
  if (!parent) return Promise.resolve().then(() => handle());
  const { topic, partition, offset, key, correlationId } = request;
  return inSpan(tracer, parent, start({ topic, operation: 'process', name: 'process', key, messageId: correlationId, partition, offset, consumerGroup }, SpanKind.CONSUMER), handle);
}

/**
 * A reply produced in a PRODUCER span `send <reply topic>`, child of the `process` span its `traceparent` header
 * names (the responder sets it); a reply without one is sent untraced.
 */
export function traceReply<T>(tracer: Tracer, reply: OutgoingRecord, send: () => Promise<T>): Promise<T> {
  const parent = parentContext(reply.headers?.traceparent);
  if (!parent) return send();
  const facts: MessageFacts = { topic: reply.topic, operation: 'send', name: 'send', messageId: reply.headers?.[RPC_HEADERS.correlationId], partition: reply.partition };
  return inSpan(tracer, parent, start(facts, SpanKind.PRODUCER), send);
}

/**
 * A PRODUCER span `publish <topic>` for an event, child of the active span (see `activeParent`); the caller
 * sends the event with `traceparentOf(span)` and ends the span (`endSpan`) once the broker acknowledged it.
 * Undefined when the event belongs to no trace.
 */
export function startPublishSpan(tracer: Tracer, topic: string, event: { id: string; subject: string }, context: CallContext | undefined): Span | undefined {
  const parent = activeParent(context?.traceparent);
  if (!parent) return undefined;
  const { name, kind, attributes } = start({ topic, operation: 'send', name: 'publish', key: event.subject, messageId: event.id }, SpanKind.PRODUCER);
  return tracer.startSpan(name, { kind, attributes }, parent);
}

/** Ends a span started by `startPublishSpan`, failed when `error` is given. */
export function endSpan(span: Span, ...error: [] | [unknown]): void {
  if (error.length > 0) failSpan(span, error[0]);
  span.end();
}

/** An event's handler (its retries included) in a CONSUMER span `process <topic>`, child of its `publish` span. */
export function traceEvent<T>(tracer: Tracer, consumerGroup: string, record: IncomingRecord, eventId: string, traceparent: string | undefined, handle: () => Promise<T>): Promise<T> {
  const parent = parentContext(traceparent);
  if (!parent) return handle();
  const { topic, partition, offset, key } = record;
  return inSpan(tracer, parent, start({ topic, operation: 'process', name: 'process', key, messageId: eventId, partition, offset, consumerGroup }, SpanKind.CONSUMER), handle);
}

export { traceparentOf };
