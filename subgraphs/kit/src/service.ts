import {
  CONSUMER_GROUPS,
  EVENT_TOPICS,
  EventPublisher,
  Responder,
  createBus,
  createLogger,
  subscribe,
  type CallContext,
  type Domain,
  type EventContext,
  type EventEnvelope,
  type Logger,
  type MessageBus,
  type NewEvent,
  type RequestContext,
  type Subscription,
} from '@puchi/kafka';
import { parseRequest, type Call } from './contract';
import { applyOnce, openStore, storePath, type Db } from './store';

/** What a domain's handlers get from the runtime. */
export interface ServiceRuntime {
  domain: Domain;
  logger: Logger;
  /** The domain's store. Handlers read it; only `project` writes it. */
  db: Db;
  /**
   * Records a state change: publishes the event on `<domain>-events` (acks=all), then applies it to the store
   * through `project`, once. Publishing first means the topic is the history: a store rebuilt by replaying
   * it gives the same answers. If publishing fails nothing changed and the caller gets the error.
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

/** An event of another domain this service reacts to (notification reacting to progress-events, …). */
export interface Reaction {
  /** The domain whose `<domain>-events` topic to consume. */
  from: Domain;
  handle(event: EventEnvelope, context: EventContext): void | Promise<void>;
}

export interface DomainServiceDefinition {
  domain: Domain;
  /** Append-only schema migrations of the domain's SQLite store (see `openStore`). */
  migrations: readonly string[];
  /** Applies one of the domain's own events to its store: the only code that writes the store. */
  project(db: Db, event: EventEnvelope): void;
  /** Request handlers, built with the runtime (they usually close over the store and `publish`). */
  handlers(runtime: ServiceRuntime): AnyCallHandler[];
  reactions?(runtime: ServiceRuntime): Reaction[];
  /** Runs after the service answers requests: idempotent seeding (emit only what the store lacks). */
  afterStart?(runtime: ServiceRuntime): Promise<void>;
}

export interface RunningService {
  runtime: ServiceRuntime;
  responder: Responder;
  close(): Promise<void>;
}

/**
 * Starts a domain service: one responder in `<domain>-service-group` for its request topics, one group
 * subscription per reaction (group `<domain>-service-group.<from>-events`: kafkajs's assigner hands a
 * group's partitions across all its members' topics, so a group per topic keeps members uniform), and the
 * domain's event publisher. `close()` drains in-flight work, then releases everything.
 */
export interface StartServiceOptions {
  bus?: MessageBus;
  logger?: Logger;
  /** The store file. Default `storePath(domain)` (`<DOMAIN>_DB_PATH`, `DATA_DIR`, or `.data/<domain>.sqlite`). */
  dbPath?: string;
}

export async function startDomainService(definition: DomainServiceDefinition, options: StartServiceOptions = {}): Promise<RunningService> {
  const { domain } = definition;
  const logger = options.logger ?? createLogger({ service: `${domain}-service` });
  const bus = options.bus ?? createBus({ clientId: `${domain}-service`, logger });
  const db = openStore(options.dbPath ?? storePath(domain), definition.migrations);
  const publisher = new EventPublisher({ bus, source: `${domain}-service`, logger });
  await publisher.start();
  const runtime: ServiceRuntime = {
    domain,
    logger,
    db,
    emit: async (event, context) => {
      const published = await publisher.publish(EVENT_TOPICS[domain], event, { context });
      applyOnce(db, published.id, () => definition.project(db, published));
      return published;
    },
  };

  const responder = new Responder({ bus, groupId: CONSUMER_GROUPS[domain], logger });
  for (const h of definition.handlers(runtime)) {
    responder.handle(h.call.route, (payload, context) => h.handle(parseRequest(h.call, payload), context));
  }
  await responder.start();

  const subscriptions: Subscription[] = [];
  for (const reaction of definition.reactions?.(runtime) ?? []) {
    const topic = EVENT_TOPICS[reaction.from];
    subscriptions.push(
      await subscribe({ bus, topic, mode: 'group', groupId: `${CONSUMER_GROUPS[domain]}.${topic}`, handler: reaction.handle, logger }),
    );
  }
  await definition.afterStart?.(runtime);
  logger.info('service started', { domain, group: CONSUMER_GROUPS[domain], reactions: subscriptions.length });

  return {
    runtime,
    responder,
    close: async () => {
      await Promise.all(subscriptions.map((s) => s.close()));
      await responder.close();
      await publisher.close();
      db.close();
      logger.info('service stopped', { domain });
    },
  };
}

/** Process entry of `npm run dev:<domain>`: start, and stop cleanly on SIGINT/SIGTERM. */
export function runDomainService(definition: DomainServiceDefinition): void {
  const logger = createLogger({ service: `${definition.domain}-service` });
  startDomainService(definition, { logger }).then(
    (service) => {
      const stop = (signal: string) => {
        logger.info('stopping', { signal });
        service.close().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error('unclean stop', { error });
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    },
    (error: unknown) => {
      logger.error('service failed to start', { error, fix: (error as { fix?: string }).fix });
      process.exit(1);
    },
  );
}
