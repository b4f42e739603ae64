import { envelope, NoResponderError, silentLogger, type Logger, type RequestContext, type RequestOptions, type Route } from '@puchi/kafka';
import { applyOnce, parseRequest, type AnyCallHandler, type Caller, type Db, type DomainServiceDefinition, type ServiceRuntime } from '@puchi/subgraph-kit';

/**
 * The benchmark's baseline transport: a `Caller` that hands each contract request straight to the domain's
 * handler in this process, as classic federation's subgraph resolvers would read their store. Resolvers,
 * handlers (`<domain>Service.handlers(runtime)`), request validation and stores are the same code as on the
 * Kafka path; only the transport is gone.
 *
 * Writes skip Kafka entirely: `emit` builds the envelope and applies it through the domain's `project` (once,
 * via the `applied_events` ledger) without publishing, so no other domain reacts (no notifications, no
 * analytics) and the event is in no topic.
 */
export interface DirectCaller extends Caller {
  readonly runtime: ServiceRuntime;
  /** Requests dispatched so far, per topic. */
  readonly counts: ReadonlyMap<string, number>;
}

export function createDirectCaller(definition: DomainServiceDefinition, db: Db, logger: Logger = silentLogger): DirectCaller {
  const { domain } = definition;
  const runtime: ServiceRuntime = {
    domain,
    logger,
    db,
    emit: async (event) => {
      const e = envelope(event, `${domain}-service`);
      applyOnce(db, e.id, () => definition.project(db, e));
      return e;
    },
  };
  const handlers = new Map<string, AnyCallHandler>(definition.handlers(runtime).map((h) => [h.call.topic, h]));
  const counts = new Map<string, number>();
  let sequence = 0;

  return {
    runtime,
    counts,
    async request<TRequest, TReply>(route: Route<TRequest, TReply>, payload: TRequest, options: RequestOptions = {}): Promise<TReply> {
      const h = handlers.get(route.name);
      if (!h) throw new NoResponderError(route.name, 'topic-missing');
      counts.set(route.name, (counts.get(route.name) ?? 0) + 1);
      // What the Responder would have read from the record's headers; partition and offset are made up.
      const context: RequestContext = {
        ...options.context,
        topic: route.name,
        partition: 0,
        offset: String(sequence++),
        key: options.key ?? null,
        deadline: options.deadline ?? Date.now() + (options.timeoutMs ?? 5000),
        headers: {},
      };
      // As `startDomainService` registers it: validate against the contract, then handle.
      return (await h.handle(parseRequest(h.call, payload), context)) as TReply;
    },
  };
}
