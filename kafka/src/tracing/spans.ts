import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Attributes, type Context, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';
import { isValidTraceparent } from '../context/context';

export type { Attributes, Span, Tracer } from '@opentelemetry/api';
export { SpanKind } from '@opentelemetry/api';

/**
 * `00-<trace id>-<span id>-<flags>` of a span: the `traceparent` sent downstream, so the next hop's span is this
 * span's child. The trace id is the one the span continues, so an identity token bound to it still verifies.
 */
export function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags & TraceFlags.SAMPLED ? '01' : '00'}`;
}

/** The remote span a valid `traceparent` names; undefined for anything else (W3C: ignore an invalid header). */
export function spanContextOf(traceparent: string | undefined): SpanContext | undefined {
  if (!traceparent || !isValidTraceparent(traceparent)) return undefined;
  const [, traceId = '', spanId = '', flags = '00'] = traceparent.split('-');
  return { traceId, spanId, traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED, isRemote: true };
}

/**
 * The context a new span continues: the active span when it belongs to the trace `traceparent` names (or there is
 * none), else `traceparent` as a remote parent. Undefined when there is neither: only a traced request starts the
 * trace (the gateway's GraphQL operation); background chatter (heartbeats, seeding, the status board) starts none,
 * or every service would export a trace every few seconds.
 *
 * The trace id must stay the one of `traceparent`: the identity token a request carries is bound to it, and an
 * active span of another trace (work started elsewhere in this process) must not change it.
 */
export function parentContext(traceparent: string | undefined): Context | undefined {
  const active = context.active();
  const current = trace.getSpanContext(active);
  const remote = spanContextOf(traceparent);
  if (current && (!remote || current.traceId === remote.traceId)) return active;
  return remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : undefined;
}

/**
 * The context a span of outgoing work (a request, an event) continues: the active span, when there is one and it
 * belongs to the trace `traceparent` names (or there is none). Undefined otherwise, and the work goes untraced
 * with `traceparent` as it was: a traceparent made without a span (a subscription event's execution) names no
 * span a trace could hang from, and a span of another trace would break the identity token bound to this one.
 */
export function activeParent(traceparent: string | undefined): Context | undefined {
  const active = context.active();
  const current = trace.getSpanContext(active);
  if (!current) return undefined;
  return !traceparent || current.traceId === traceIdOfTraceparent(traceparent) ? active : undefined;
}

const traceIdOfTraceparent = (traceparent: string) => traceparent.slice(3, 35);

/** Marks a span failed with what was thrown: its `code` (our errors carry one) as `error.type`, else its class. */
export function failSpan(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | null)?.code;
  const type = typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  if (error instanceof Error) span.recordException(error);
}

export interface SpanStart {
  name: string;
  kind: SpanKind;
  attributes?: Attributes;
}

/**
 * Runs `work` in a new span, child of `parent`, with the span active (so spans started inside are its children
 * and log lines carry its ids); the span ends when `work` settles, failed if it threw.
 */
export async function inSpan<T>(tracer: Tracer, parent: Context, start: SpanStart, work: (span: Span) => T | Promise<T>): Promise<T> {
  const span = tracer.startSpan(start.name, { kind: start.kind, attributes: start.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), work, undefined, span);
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** `inSpan` for synchronous work (a SQLite transaction), child of the active span; nothing when no span is active. */
export function inChildSpanSync<T>(tracer: Tracer | undefined, start: SpanStart, work: () => T): T {
  const parent = context.active();
  if (!tracer || !trace.getSpanContext(parent)) return work();
  const span = tracer.startSpan(start.name, { kind: start.kind, attributes: start.attributes }, parent);
  try {
    return context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * The ids of the active span, for log lines (`LoggerOptions.trace`): undefined outside any span. Reads the
 * async context only; costs a map lookup per line.
 */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  const current = trace.getSpanContext(context.active());
  return current ? { traceId: current.traceId, spanId: current.spanId } : undefined;
}
