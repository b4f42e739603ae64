import {
  devDomainKeys,
  EventPublisher,
  IdentityVerifier,
  InvalidOptionError,
  Responder,
  consumerGroup,
  createBus,
  eventTopic,
  reactionGroup,
  createLogger,
  subscribe,
  type Logger,
  type MessageBus,
  type NewEvent,
  type RecordHeaders,
  type Subscription,
  type Tracer,
} from '@puchi/kafka';
import { DEFAULT_HEARTBEAT_INTERVAL_MS, MAX_TIMER_MS, MIN_HEARTBEAT_INTERVAL_MS, defaultStorePath, type ServiceConfig } from './config';
import { createServiceRuntime, routeTable, type DomainServiceDefinition, type ServiceRuntime } from './definition';
import { startHeartbeat } from './heartbeat';
import { DEFAULT_IDEMPOTENCY_RETENTION_MS, idempotentHandler, pruneIdempotencyKeys } from './idempotency';

/** How often a service forgets expired idempotency keys. */
const IDEMPOTENCY_PRUNE_INTERVAL_MS = 60 * 60 * 1000;
import { deadLetteringInvalidPayloads } from './invalid-payloads';
import { readBarrier } from './read-barrier';
import { startProjection, type ProjectionHalt, type RunningProjection } from './projection';
import { startServiceOps, type ServiceOps } from './ops/service-ops';
import { openStore } from './store';

export interface RunningService {
  runtime: ServiceRuntime;
  responder: Responder;
  /** The store's projection of the domain's event topic: where it stands, whether it halted. */
  projection: RunningProjection;
  /** Where its ops endpoints answer (`/metrics`, `/health/live`, `/health/ready`), when `config.ops` asked for them. */
  opsUrl?: string;
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
  /**
   * Called when the service can no longer do its work and will not recover by itself: a consumer crashed for
   * good. Default: throws nothing, logs; `runDomainService` ends the process with exit code 1 so its supervisor
   * restarts it, never leaving it half alive.
   */
  onFatal?: (error: unknown) => void;
  /**
   * Traces the requests and events that belong to a trace: their `process` spans, the events they publish and the
   * store transactions they run (`loadTracing` of `@puchi/kafka`). Default none: no span at all.
   */
  tracer?: Tracer;
}

export async function startDomainService(definition: DomainServiceDefinition, options: StartServiceOptions = {}): Promise<RunningService> {
  const { domain } = definition;
  const { config = {} } = options;
  const heartbeatIntervalMs = config.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  if (!Number.isInteger(heartbeatIntervalMs) || heartbeatIntervalMs < MIN_HEARTBEAT_INTERVAL_MS || heartbeatIntervalMs > MAX_TIMER_MS) {
    throw new InvalidOptionError('heartbeatIntervalMs', `an integer from ${MIN_HEARTBEAT_INTERVAL_MS} to ${MAX_TIMER_MS} ms, got ${heartbeatIntervalMs}`);
  }
  const logger = options.logger ?? createLogger({ service: `${domain}-service` }, { level: config.logLevel });
  // First: the process is live (and scraped) while its store catches up, however long that takes.
  const ops = await startServiceOps(domain, config.ops, logger);
  try {
    return await startWithOps(definition, { ...options, logger }, ops);
  } catch (error) {
    await ops.close();
    throw error;
  }
}

async function startWithOps(definition: DomainServiceDefinition, options: StartServiceOptions & { logger: Logger }, ops: ServiceOps): Promise<RunningService> {
  const { domain } = definition;
  const { config = {}, logger } = options;
  const heartbeatIntervalMs = config.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS;
  const { instrumentation } = ops;
  const { tracer } = options;
  const bus = options.bus ?? createBus({ clientId: `${domain}-service`, logger, ...(config.brokers ? { brokers: config.brokers } : {}) });
  const db = openStore(options.dbPath ?? config.dbPath ?? defaultStorePath(domain), definition.migrations);
  const publisher = new EventPublisher({ bus, source: `${domain}-service`, logger, instrumentation, tracer });
  await publisher.start();
  // Beating from the start: an instance restoring a long history shows as such on the status page.
  const beat = startHeartbeat(publisher, domain, logger, heartbeatIntervalMs);
  const fatal = (what: string) => (error: unknown) => {
    logger.error(`${what} crashed for good`, { error });
    options.onFatal?.(error);
  };
  // Set once the responder runs; a halt before that has nothing to close.
  const started: { responder?: Responder } = {};
  // A store that stopped at an event it cannot apply answers nothing: its partitions go to the other instances
  // (whose stores will likely stop at the same event: the status page says which, for a person to fix).
  const onHalt = (halt: ProjectionHalt) => {
    ops.stopping();
    beat.halted({ topic: halt.topic, partition: halt.partition, offset: halt.offset, ...(halt.eventId ? { eventId: halt.eventId } : {}), ...(halt.type ? { type: halt.type } : {}), error: halt.error instanceof Error ? halt.error.message : String(halt.error) });
    void started.responder?.close();
  };
  // The store is a projection of the topic: catch up first (a new store rebuilds itself), then keep tailing.
  let projection: Awaited<ReturnType<typeof startProjection>>;
  try {
    projection = await startProjection(definition, bus, db, logger, { instrumentation, tracer, onHalt, onCrash: fatal('the store’s projection') });
  } catch (error) {
    beat.stop();
    await publisher.close();
    db.close();
    throw error;
  }
  ops.restored();
  const runtime = createServiceRuntime(
    definition,
    db,
    logger,
    (event, context, headers) => publisher.publish(eventTopic(domain), event, { context, headers }),
    (published, deadline) => projection.applied(published.id, deadline),
  );

  const verifier = new IdentityVerifier({ keys: config.identityKeys ?? devDomainKeys(domain) });
  // Partitions taken over answer once the store holds everything written to the topic until then: what their
  // last owner acknowledged included (docs/architecture.md, "One writer per key").
  let restoring = 0;
  const restore = async () => {
    restoring++;
    beat.restoring();
    try {
      const admin = await bus.admin();
      try {
        await projection.reached(await admin.boundaryOffsets(eventTopic(domain), 'high'), Infinity);
      } finally {
        await admin.disconnect();
      }
    } finally {
      if (--restoring === 0) beat.ready();
    }
  };
  // Partition p of every request topic (and of every reaction's topic) on one instance: one writer per key.
  const assignment = { coPartitioned: beat.instanceId };
  const group = {
    assignment,
    ...(config.consumerSessionTimeoutMs !== undefined ? { sessionTimeoutMs: config.consumerSessionTimeoutMs } : {}),
    ...(config.consumerHeartbeatIntervalMs !== undefined ? { heartbeatIntervalMs: config.consumerHeartbeatIntervalMs } : {}),
  };
  const answering = new Responder({
    bus,
    groupId: consumerGroup(domain),
    consumer: group,
    logger,
    identity: { verifier, audience: domain },
    instrumentation,
    tracer,
    restore,
    onCrash: fatal('the responder'),
  });
  started.responder = answering;
  const publishKitRecord = (event: NewEvent, headers: RecordHeaders) => publisher.publish(eventTopic(domain), event, { headers });
  const barrier = readBarrier(domain, bus, projection);
  for (const [topic, handle] of routeTable(definition.handlers(runtime))) answering.handle(topic, barrier.wrap(idempotentHandler(db, domain, topic, handle, publishKitRecord)));
  await answering.start();

  const subscriptions: Subscription[] = [];
  for (const reaction of definition.reactions?.(runtime) ?? []) {
    const handler = deadLetteringInvalidPayloads((event, context) => reaction.handle(event, context));
    subscriptions.push(
      await subscribe({ bus, topic: eventTopic(reaction.from), mode: 'group', groupId: reactionGroup(domain, reaction.from), consumer: group, handler, logger, instrumentation, tracer, onCrash: fatal(`the reaction to ${reaction.from} events`) }),
    );
  }
  // Keys older than the retention are forgotten, on every instance alike (dated by their first record).
  const retentionMs = config.idempotencyRetentionMs ?? DEFAULT_IDEMPOTENCY_RETENTION_MS;
  const prune = () => {
    const forgotten = pruneIdempotencyKeys(db, retentionMs);
    if (forgotten > 0) logger.info('idempotency keys past their retention forgotten', { forgotten });
  };
  prune();
  const pruning = setInterval(prune, Math.min(retentionMs, IDEMPOTENCY_PRUNE_INTERVAL_MS));
  pruning.unref();
  await definition.afterStart?.(runtime);
  beat.ready(() => answering.stats);
  ops.started(db);
  logger.info('service started', { domain, group: consumerGroup(domain), reactions: subscriptions.length, ...(ops.url ? { ops: ops.url } : {}) });

  return {
    runtime,
    responder: answering,
    projection,
    opsUrl: ops.url,
    close: async () => {
      ops.stopping();
      beat.stop();
      clearInterval(pruning);
      await Promise.all(subscriptions.map((s) => s.close()));
      await answering.close();
      await barrier.close();
      await publisher.close();
      await projection.close();
      db.close();
      await ops.close();
      logger.info('service stopped', { domain });
    },
  };
}
