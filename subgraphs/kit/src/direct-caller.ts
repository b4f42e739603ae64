import { envelope, NoResponderError, silentLogger, type Logger, type RequestContext, type RequestOptions, type Route } from '@puchi/kafka';
import type { Caller } from './context';
import { applyInPlace, createServiceRuntime, routeTable, type DomainServiceDefinition, type ServiceRuntime } from './definition';
import type { Db } from './store';

/**
 * A `Caller` that hands each contract request straight to the domain's handler in this process: the
 * benchmark's HTTP baseline (as classic federation's subgraph resolvers would read their store) and tests
 * that want a domain without a broker. Handlers, request validation (`routeTable`), projections and stores
 * are the same code as on the Kafka path; only the transport is gone.
 *
 * Writes skip Kafka entirely: `emit` builds the envelope and applies it through the domain's projections
 * (once, via the `applied_events` ledger) without publishing, so no other domain reacts (no notifications, no
 * analytics) and the event is in no topic.
 */
export interface DirectCaller extends Caller {
  readonly runtime: ServiceRuntime;
  /** Requests dispatched so far, per topic. */
  readonly counts: ReadonlyMap<string, number>;
}

/** `logger` default: silent. Requests without a deadline or timeout get 5 s, as the RPC client's default. */
export function createDirectCaller(definition: DomainServiceDefinition, db: Db, logger: Logger = silentLogger): DirectCaller {
  const source = `${definition.domain}-service`;
  const runtime = createServiceRuntime(definition, db, logger, async (event) => envelope(event, source), applyInPlace(definition, db));
  const routes = routeTable(definition.handlers(runtime));
  const counts = new Map<string, number>();
  let sequence = 0;

  return {
    runtime,
    counts,
    async request<TRequest, TReply>(route: Route<TRequest, TReply>, payload: TRequest, options: RequestOptions = {}): Promise<TReply> {
      const handle = routes.get(route.name);
      if (!handle) throw new NoResponderError(route.name, 'topic-missing');
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
      return (await handle(payload, context)) as TReply;
    },
  };
}
