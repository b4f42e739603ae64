import { inChildSpanSync, SpanKind, type EventEnvelope, type Tracer } from '@puchi/kafka';

/** The attributes of a store transaction span: the database conventions' names, and the event it applies. */
export function storeSpanAttributes(domain: string, event: Pick<EventEnvelope, 'id' | 'type'>): Record<string, string> {
  return { 'db.system.name': 'sqlite', 'db.namespace': domain, 'db.operation.name': 'apply', 'puchi.event.type': event.type, 'puchi.event.id': event.id };
}

/**
 * Runs a store transaction that applies `event` in an INTERNAL span `apply <type>`, child of the active span (the
 * request's or the event's `process` span). Outside any span, or without a tracer, it only runs it.
 */
export function inStoreSpan<T>(tracer: Tracer | undefined, domain: string, event: Pick<EventEnvelope, 'id' | 'type'>, transaction: () => T): T {
  if (!tracer) return transaction();
  return inChildSpanSync(tracer, { name: `apply ${event.type}`, kind: SpanKind.INTERNAL, attributes: storeSpanAttributes(domain, event) }, transaction);
}
