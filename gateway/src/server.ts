import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createBus, createLogger, DeadLetters, IdentitySigner, RpcClient, type Logger, type MessageBus, type Tracer } from '@puchi/kafka';
import { createSharedReads, createSubgraphContext, signedTokens, type SharedReads, type SubgraphModule } from '@puchi/subgraph-kit';
import { DOMAIN_MANIFESTS } from '@puchi/domains';
import { createAuthenticator } from './auth';
import { gatewayCaller, type CircuitBreakingCaller } from './circuit';
import type { GatewayConfig } from './config';
import { clientIp } from './client-ip';
import { headerOf, idempotencyKeyOf, type GatewayContext } from './context';
import { healthCheck } from './health';
import { startServiceStatusBoard, statusViewer } from './service-status';
import { SharedAdmin } from './shared-admin';
import { createHttpHandler } from './http/handler';
import { createRestRouter } from './rest';
import {
  allowListPlugin,
  costLimitPlugin,
  createFormatError,
  createRateLimiter,
  enforceRateLimit,
  limitValidationRules,
  loadPersistedOperations,
  operationResolutionPlugin,
  parseOptions,
  persistedQueryCache,
} from './limits';
import { kafkaRequestsPlugin } from './kafka-requests-plugin';
import { gatewayMetrics } from './metrics';
import { startSubscriptions, type RunningSubscriptions } from './subscriptions';
import { graphiqlRoute, sandboxLandingPage } from './graphiql';
import { consoleRoute } from './console';
import { buildSubgraphs, createApolloGateway } from './supergraph';
import { operationSpanPlugin, startOperationSpan, withFetchSpans } from './tracing';

export interface GatewayOptions {
  /** Every domain's subgraph module (see `./modules`). */
  modules: readonly SubgraphModule[];
  /** The settings, parsed once by the process's entry (`loadConfig(process.env)`). */
  config: GatewayConfig;
  /** Default: a bus from the client factory (`createKafka`: `KAFKA_BROKERS`, else 127.0.0.1:9092). */
  bus?: MessageBus;
  /** Default: JSON lines on stderr at `config.logLevel`. */
  logger?: Logger;
  /**
   * Traces each GraphQL request: its operation span, a span per query-plan fetch and the Kafka calls under them
   * (`loadTracing` of `@puchi/kafka`). Default none: no span, no plugin.
   */
  tracer?: Tracer;
}

export interface RunningGateway {
  url: string;
  port: number;
  rpc: RpcClient;
  /** What every subgraph context calls through: `rpc` behind a circuit per domain. */
  caller: CircuitBreakingCaller;
  /** Single-flight and the entity cache (their counters: `reads.stats()`). */
  reads: SharedReads;
  subscriptions: RunningSubscriptions;
  close(): Promise<void>;
}

/** Starts the gateway: the Kafka request client, the Apollo gateway and server, and the HTTP listener. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ service: 'gateway' }, { level: config.logLevel });
  const bus = options.bus ?? createBus({ clientId: 'gateway', logger });
  const metrics = gatewayMetrics(logger);
  const rpc = new RpcClient({ bus, defaultTimeoutMs: config.requestTimeoutMs, logger, tracer: options.tracer, instrumentation: metrics.instrumentation });
  await rpc.start();
  // HTTP requests and subscription events share it, so each domain's circuit sees all of this gateway's calls.
  const caller = gatewayCaller(rpc, config.circuit, config.requestTimeoutMs, logger);

  const auth = createAuthenticator(config.auth);
  if (!config.identity.secret) throw new Error('the gateway needs an identity secret: load its settings with loadConfig(env, "gateway")');
  const signer = new IdentitySigner(config.identity.secret);
  const identityTokens = signedTokens(signer);
  const subgraphs = buildSubgraphs(options.modules, config.subgraphUrls, signer, { jit: config.jit });
  // Shared by every request and subscription event of this gateway; only the in-process subgraphs' calls use it.
  const inProcess = new Set(options.modules.filter((m) => !config.subgraphUrls[m.name as keyof typeof config.subgraphUrls]).map((m) => m.name));
  const reads = await createSharedReads({
    settings: config.sharedReads,
    calls: DOMAIN_MANIFESTS.filter((m) => inProcess.has(m.name)).flatMap((m) => m.calls),
    bus,
    logger: logger.child({ component: 'shared-reads' }),
  });
  // One admin connection for health and status, for the gateway's lifetime (connected on first use).
  const admin = new SharedAdmin(bus);
  const board = await startServiceStatusBoard(bus, admin, caller);
  // The console's dead letters: the same implementation as `npm run dlt`, over the same admin connection.
  const deadLetters = new DeadLetters({ bus, withAdmin: (fn) => admin.use(fn) });
  const httpServer = http.createServer();
  const { limits, persistedOperations } = config;
  const registered = persistedOperations.file ? loadPersistedOperations(persistedOperations.file) : new Map<string, string>();
  const limiter = config.rateLimit.perMinute > 0 ? createRateLimiter(config.rateLimit) : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway: createApolloGateway(options.tracer ? withFetchSpans(subgraphs, options.tracer) : subgraphs),
    // Our processes own SIGINT/SIGTERM (they stop services and the broker too); Apollo's own handler would
    // stop the server underneath us and then re-raise the signal, killing the process mid-shutdown.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    // No "Did you mean …?" in production: suggestions map a schema whose introspection is off.
    hideSchemaDetailsFromClientErrors: config.production,
    formatError: createFormatError({ mask: config.production }),
    // CSRF prevention is Apollo Server's default (on); stated here so nobody turns it off by accident.
    csrfPrevention: true,
    // Refused earlier by the HTTP handler unless enabled (BATCHING_DISABLED); Apollo's flag must agree.
    allowBatchedHttpRequests: limits.batching,
    parseOptions: parseOptions(limits.maxTokens),
    validationRules: limitValidationRules(limits),
    persistedQueries:
      persistedOperations.apq || persistedOperations.file
        ? { cache: persistedQueryCache(registered, { allowListOnly: persistedOperations.allowListOnly }) }
        : false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      config.introspection ? sandboxLandingPage({ linkToGraphiql: config.graphiql }) : ApolloServerPluginLandingPageDisabled(),
      operationResolutionPlugin<GatewayContext>(),
      ...(persistedOperations.allowListOnly ? [allowListPlugin<GatewayContext>(registered)] : []),
      costLimitPlugin<GatewayContext>(limits.maxCost, { defaultListSize: limits.costListSize }),
      ...(config.production ? [] : [kafkaRequestsPlugin()]),
      metrics.plugin<GatewayContext>(),
      ...(options.tracer ? [operationSpanPlugin<GatewayContext>()] : []),
    ],
    logger: { debug: (m) => logger.debug(String(m)), info: (m) => logger.info(String(m)), warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  await apollo.start();

  httpServer.on(
    'request',
    createHttpHandler<GatewayContext>({
      apollo,
      logger,
      corsOrigins: config.corsOrigins,
      maxBodyBytes: limits.maxBodyBytes,
      batching: { enabled: limits.batching, maxSize: limits.maxBatchSize },
      routes: {
        '/api/health': healthCheck(admin, { replyPath: () => rpc.replyPath() }),
        // Hosts and pids for admins only.
        '/api/services/status': async (req) => board.status(await statusViewer(auth, headerOf(req, 'authorization'))),
      },
      pages: [...(config.graphiql ? [graphiqlRoute({ logger })] : []), consoleRoute({ auth, admin, deadLetters, logger }), metrics.route],
      // The seed's REST routes: fixed queries run through `context` above, so the same token, rate limit and limits.
      rest: createRestRouter(),
      context: async (req) => {
        const authorization = headerOf(req, 'authorization');
        const ipKey = `ip:${clientIp(req, config.trustProxy)}`;
        const identity = await auth.identify(authorization).catch((error: unknown) => {
          // A bad token still costs its sender: counted against the IP before UNAUTHENTICATED.
          if (limiter) enforceRateLimit(limiter, ipKey);
          throw error;
        });
        if (limiter) enforceRateLimit(limiter, identity ? `user:${identity.userId}` : ipKey);
        // Traced, the request's trace is its operation span's: its Kafka calls and identity tokens are in it.
        const operation = options.tracer ? startOperationSpan(options.tracer, headerOf(req, 'traceparent')) : undefined;
        const idempotencyKey = idempotencyKeyOf(req);
        const context = createSubgraphContext({ caller, reads, identity, identityTokens, idempotencyKey, hedgeAfterMs: config.readHedgeAfterMs, timeoutMs: config.requestTimeoutMs, traceparent: operation?.traceparent ?? headerOf(req, 'traceparent') });
        operation?.attach(context);
        return Object.assign(context, { authorization });
      },
    }),
  );
  const subscriptions = startSubscriptions({ server: httpServer, subgraphs, bus, caller, reads, auth, config, logger, identityTokens, instrumentation: metrics.instrumentation });
  metrics.track(subscriptions, (fn) => admin.use(fn), reads);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const url = `http://localhost:${port}/graphql`;
  logger.info('gateway listening', { url, subgraphs: options.modules.map((m) => m.name), remote: config.subgraphUrls });

  return {
    url,
    port,
    rpc,
    caller,
    reads,
    subscriptions,
    // Idempotent: tests and signal handlers may both ask.
    close: () =>
      (closing ??= (async () => {
        // Subscribers first: their sockets would otherwise hold the HTTP drain open. The Kafka clients are closed
        // whatever the drain threw: left connected, their consumers retry a broker that is gone and hold the process.
        const drained = await Promise.allSettled([subscriptions.close().finally(() => apollo.stop())]); // apollo.stop drains HTTP connections
        metrics.close();
        const closed = await Promise.allSettled([rpc.close(), board.close(), admin.close(), deadLetters.close(), reads.close()]);
        for (const part of [...drained, ...closed]) if (part.status === 'rejected') throw part.reason;
      })()),
  };
}
