import { envelope, type CallContext, type EventContext, type EventEnvelope, type Logger, type NewEvent, type RecordHeaders, type RequestContext, type RequestHandler, type Tracer } from '@puchi/kafka';
import { appliedKeyedEvent, idempotencyHeaders, idempotencyScopeOf, idempotentEventId } from './idempotency';
import { parseRequest, type Call } from './contract';
import { applyEvent, checkEvent, type Projections } from './projections';
import { inStoreSpan } from './store-span';
import { wasApplied, type Db } from './store';

/** What a domain's handlers get from the runtime. */
export interface ServiceRuntime {
  domain: string;
  logger: Logger;
  /** The domain's store. Handlers read it; only its `projections` write it. */
  db: Db;
  /**
   * Records a state change: publishes the event on `<domain>-events` (acks=all), then waits until this instance's
   * projection of the topic applied it, so the handler reads its own write and every instance applies the same
   * events in the same (topic) order. If publishing fails nothing changed and the caller gets the error. Waiting
   * ends at the request's deadline (`context.deadline`; 30 s without one) with a retriable `ProjectionLagError`:
   * the event is on the topic then, and will be applied.
   * A projected type whose payload does not match its schema is refused (`InvalidEventError`) before publishing.
   * Returns the event as applied: in a repeat of a keyed write whose first reply was lost, the first run's event
   * (publishing nothing). Build a write's reply from what `emit` returns, not from what the handler computed from
   * the state it read: in a repeat that state already holds the first run's effect.
   */
  emit<T>(event: NewEvent<T>, context?: CallContext): Promise<EventEnvelope<T>>;
}

/** A typed request handler: the payload is validated against the contract first (BAD_USER_INPUT otherwise). */
export interface CallHandler<TRequest, TReply> {
  call: Call<TRequest, TReply>;
  handle(request: TRequest, context: RequestContext): TReply | Promise<TReply>;
}

/** A list of handlers mixes request types; each was type-checked against its contract by `handler()`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCallHandler = CallHandler<any, any>;

/** Binds a handler to its contract with the types checked. */
export function handler<TRequest, TReply>(call: Call<TRequest, TReply>, handle: CallHandler<TRequest, TReply>['handle']): CallHandler<TRequest, TReply> {
  return { call, handle };
}

/**
 * A service's handlers by request topic, each validating its payload against the contract (BAD_USER_INPUT
 * otherwise) before handling it. What the Kafka responder registers and the direct caller dispatches to.
 */
export function routeTable(handlers: readonly AnyCallHandler[]): ReadonlyMap<string, RequestHandler<unknown, unknown>> {
  const routes = new Map<string, RequestHandler<unknown, unknown>>();
  for (const h of handlers) {
    if (routes.has(h.call.route.name)) throw new Error(`two handlers for "${h.call.route.name}"`);
    routes.set(h.call.route.name, (payload, context) => h.handle(parseRequest(h.call, payload), context));
  }
  return routes;
}

/** An event of another domain this service reacts to (notification reacting to progress-events, …). */
export interface Reaction {
  /** The domain whose `<domain>-events` topic to consume. */
  from: string;
  handle(event: EventEnvelope, context: EventContext): void | Promise<void>;
}

export interface DomainServiceDefinition {
  domain: string;
  /** Append-only schema migrations of the domain's SQLite store (see `openStore`). */
  migrations: readonly string[];
  /**
   * How each of the domain's own event types changes its store (`projection(schema, apply)` per type): the
   * only code that writes the store. An event type with no entry changes nothing (its id is still recorded).
   */
  projections: Projections;
  /** Request handlers, built with the runtime (they usually close over the store and `emit`). */
  handlers(runtime: ServiceRuntime): AnyCallHandler[];
  reactions?(runtime: ServiceRuntime): Reaction[];
  /** Runs after the service answers requests: idempotent seeding (emit only what the store lacks). */
  afterStart?(runtime: ServiceRuntime): Promise<void>;
}

/** Puts an event on the domain's topic (with `headers` on its record) and returns it as published (its envelope). */
export type PublishEvent = <T>(event: NewEvent<T>, context?: CallContext, headers?: RecordHeaders) => Promise<EventEnvelope<T>>;

/** Resolves once a published event is in the store. */
export type AwaitApplied = (event: EventEnvelope, deadline: number) => Promise<void>;

/** How long `emit` waits for its event's projection when the context has no deadline (reactions, seeding). */
const DEFAULT_APPLY_WAIT_MS = 30_000;

/**
 * Applies a published event to the store here, once: for a runtime with no topic to project from
 * (`createDirectCaller`). With a `tracer`, each store transaction of a traced request runs in a span `apply <type>`.
 */
export function applyInPlace(definition: DomainServiceDefinition, db: Db, tracer?: Tracer): AwaitApplied {
  return async (published) => {
    if (tracer) inStoreSpan(tracer, definition.domain, published, () => applyEvent(definition.projections, db, published));
    else applyEvent(definition.projections, db, published);
  };
}

/**
 * The runtime a definition's handlers get: `emit` checks a projected event's payload, hands the event to
 * `publish`, then waits until `applied` says it is in the store. `startDomainService` publishes to Kafka and waits
 * for its projection of the topic; `createDirectCaller` only builds the envelope and applies it in place.
 */
export function createServiceRuntime(definition: DomainServiceDefinition, db: Db, logger: Logger, publish: PublishEvent, applied: AwaitApplied): ServiceRuntime {
  return {
    domain: definition.domain,
    logger,
    db,
    emit: async (event, context) => {
      // Before publishing: the topic must never hold an event its own store refuses on every replay.
      checkEvent(definition.projections, event);
      // Under an idempotency key, the n-th event of a request has the same id on every run of it.
      const scope = idempotencyScopeOf(context);
      const id = scope ? idempotentEventId(definition.domain, scope, scope.emitted++, event.type) : event.id;
      if (scope) scope.subject ??= event.subject;
      // Already in the store: publishing it again would only put a duplicate on the topic.
      if (id !== undefined && wasApplied(db, id)) return (scope && appliedKeyedEvent<typeof event.payload>(db, id)) ?? envelope({ ...event, id }, `${definition.domain}-service`);
      const published = await publish(id === undefined ? event : { ...event, id }, context, scope ? idempotencyHeaders(scope) : undefined);
      const deadline = (context as { deadline?: number } | undefined)?.deadline ?? Date.now() + DEFAULT_APPLY_WAIT_MS;
      await applied(published, deadline);
      return published;
    },
  };
}
