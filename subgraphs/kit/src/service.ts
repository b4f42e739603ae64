import os from 'node:os';
import { randomUUID } from 'node:crypto';
import {
  SYSTEM_TOPICS,
  ConfigError,
  EventPublisher,
  InvalidOptionError,
  Responder,
  consumerGroup,
  createBus,
  eventTopic,
  reactionGroup,
  createLogger,
  subscribe,
  type CallContext,
  type EventContext,
  type EventEnvelope,
  type Logger,
  type MessageBus,
  type NewEvent,
  type RequestContext,
  type RequestHandler,
  type Subscription,
} from '@puchi/kafka';
import { parseRequest, type Call } from './contract';
import { deadLetteringInvalidPayloads } from './invalid-payloads';
import { startProjection } from './projection';
import { applyEvent, checkEvent, type Projections } from './projections';
import { DEFAULT_HEARTBEAT_INTERVAL_MS, MAX_TIMER_MS, MIN_HEARTBEAT_INTERVAL_MS, defaultStorePath, parseServiceConfig, type ServiceConfig } from './config';
import { openStore, type Db } from './store';

/** What a domain's handlers get from the runtime. */
export interface ServiceRuntime {
  domain: string;
  logger: Logger;
  /** The domain's store. Handlers read it; only its `projections` write it. */
  db: Db;
  /**
   * Records a state change: publishes the event on `<domain>-events` (acks=all), then applies it to the store
   * through its type's projection, once. Publishing first means the topic is the history: a store rebuilt by
   * replaying it gives the same answers. If publishing fails nothing changed and the caller gets the error.
   * A projected type whose payload does not match its schema is refused (`InvalidEventError`) before publishing.
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

/** Puts an event on the domain's topic and returns it as published (its envelope). */
export type PublishEvent = <T>(event: NewEvent<T>, context?: CallContext) => Promise<EventEnvelope<T>>;

/**
 * The runtime a definition's handlers get: `emit` checks a projected event's payload, hands the event to
 * `publish`, then applies it to the store once. Shared by `startDomainService` (publish: to Kafka) and
 * `createDirectCaller` (publish: only the envelope), so both write the store the same way.
 */
export function createServiceRuntime(definition: DomainServiceDefinition, db: Db, logger: Logger, publish: PublishEvent): ServiceRuntime {
  return {
    domain: definition.domain,
    logger,
    db,
    emit: async (event, context) => {
      // Before publishing: the topic must never hold an event its own store refuses on every replay.
      checkEvent(definition.projections, event);
      const published = await publish(event, context);
      applyEvent(definition.projections, db, published);
      return published;
    },
  };
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
  /**
   * The process's settings, parsed once by its entry (`runDomainService`: `parseServiceConfig(domain, env)`).
   * Each field left out takes the default documented on `ServiceConfig`, without reading the environment, except
   * `brokers`: left out, the bus gets the client factory's (`KAFKA_BROKERS`, as tests and scripts set it).
   */
  config?: Partial<ServiceConfig>;
  /** Default: a bus on `config.brokers`. */
  bus?: MessageBus;
  /** Default: JSON lines on stderr at `config.logLevel`. */
  logger?: Logger;
  /** The store file. Default `config.dbPath`, else `.data/<domain>.sqlite` in the repo. */
  dbPath?: string;
}

export async function startDomainService(definition: DomainServiceDefinition, options: StartServiceOptions = {}): Promise<RunningService> {
  const { domain } = definition;
  const { config = {} } = options;
  const heartbeatIntervalMs = config.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  if (!Number.isInteger(heartbeatIntervalMs) || heartbeatIntervalMs < MIN_HEARTBEAT_INTERVAL_MS || heartbeatIntervalMs > MAX_TIMER_MS) {
    throw new InvalidOptionError('heartbeatIntervalMs', `an integer from ${MIN_HEARTBEAT_INTERVAL_MS} to ${MAX_TIMER_MS} ms, got ${heartbeatIntervalMs}`);
  }
  const logger = options.logger ?? createLogger({ service: `${domain}-service` }, { level: config.logLevel });
  const bus = options.bus ?? createBus({ clientId: `${domain}-service`, logger, ...(config.brokers ? { brokers: config.brokers } : {}) });
  const db = openStore(options.dbPath ?? config.dbPath ?? defaultStorePath(domain), definition.migrations);
  // The store is a projection of the topic: catch up first (a new store rebuilds itself), then keep tailing.
  const projection = await startProjection(definition, bus, db, logger);
  const publisher = new EventPublisher({ bus, source: `${domain}-service`, logger });
  await publisher.start();
  const runtime = createServiceRuntime(definition, db, logger, (event, context) => publisher.publish(eventTopic(domain), event, { context }));

  const responder = new Responder({ bus, groupId: consumerGroup(domain), logger });
  for (const [topic, handle] of routeTable(definition.handlers(runtime))) responder.handle(topic, handle);
  await responder.start();

  const subscriptions: Subscription[] = [];
  for (const reaction of definition.reactions?.(runtime) ?? []) {
    const handler = deadLetteringInvalidPayloads((event, context) => reaction.handle(event, context));
    subscriptions.push(await subscribe({ bus, topic: eventTopic(reaction.from), mode: 'group', groupId: reactionGroup(domain, reaction.from), handler, logger }));
  }
  await definition.afterStart?.(runtime);
  const beat = startHeartbeat(publisher, domain, responder, logger, heartbeatIntervalMs);
  logger.info('service started', { domain, group: consumerGroup(domain), reactions: subscriptions.length });

  return {
    runtime,
    responder,
    close: async () => {
      clearInterval(beat);
      await Promise.all(subscriptions.map((s) => s.close()));
      await responder.close();
      await publisher.close();
      await projection.close();
      db.close();
      logger.info('service stopped', { domain });
    },
  };
}

/**
 * Process entry of `npm run dev:<domain>` (and of each service `npm start` runs): parses the service's settings
 * from `env` once, starts, and stops cleanly on SIGINT/SIGTERM. A setting it refuses ends the process with exit
 * code 1 and one log line saying which variable, its value and what is allowed.
 */
export function runDomainService(definition: DomainServiceDefinition, env: NodeJS.ProcessEnv): void {
  const service = `${definition.domain}-service`;
  let config: ServiceConfig;
  try {
    config = parseServiceConfig(definition.domain, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger({ service }).error(error.message, { variable: error.variable, value: error.value, allowed: error.allowed });
    process.exit(1);
  }
  const logger = createLogger({ service }, { level: config.logLevel });
  startDomainService(definition, { config, logger }).then(
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

/** What an instance announces on `service-heartbeats`; the gateway's `/api/services/status` shows it. */
export interface ServiceHeartbeat {
  domain: string;
  instanceId: string;
  host: string;
  pid: number;
  startedAt: string;
  /** Requests handled, failed, expired and dead-lettered so far by this instance. */
  stats: Responder['stats'];
}

export const HEARTBEAT_TYPE = 'service.heartbeat';

function startHeartbeat(publisher: EventPublisher, domain: string, responder: Responder, logger: Logger, intervalMs: number): NodeJS.Timeout {
  const instanceId = `${domain}-${randomUUID().slice(0, 8)}`;
  const startedAt = new Date().toISOString();
  const beat = () => {
    const payload: ServiceHeartbeat = { domain, instanceId, host: os.hostname(), pid: process.pid, startedAt, stats: { ...responder.stats } };
    publisher.publish(SYSTEM_TOPICS.heartbeats, { type: HEARTBEAT_TYPE, subject: instanceId, payload }).catch((error: unknown) => logger.warn('heartbeat not published', { error }));
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return timer;
}
