import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { bodyHash, createBus, createLogger, domainKey, IDENTITY_HEADER, IdentityVerifier, isValidTraceparent, RpcClient, traceIdOf, type Logger } from '@puchi/kafka';
import { createSubgraphContext, forwardedToken, type Caller, type SubgraphContext, type SubgraphModule } from '@puchi/subgraph-kit';
import { GraphQLError } from 'graphql';
import type { GatewayConfig } from './config';
import { headerOf, idempotencyKeyOf } from './context';
import { GATEWAY_CODES } from './errors';
import { createHttpHandler } from './http/handler';
import { createFormatError, limitValidationRules, parseOptions } from './limits';

export interface RunningSubgraphServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The query planner adds `__typename` and key fields at every entity boundary and wraps entity fetches in
 * `_entities(representations:)`, so a fetch can hold more tokens than the client's operation that the gateway
 * admitted: twice the gateway's limit leaves room for that and still bounds the parser.
 */
const PLANNED_FETCH_TOKEN_FACTOR = 2;

/**
 * One domain's subgraph as its own HTTP server (`npm run dev:subgraph:<domain>`), for a gateway that names it in
 * `SUBGRAPH_<DOMAIN>_URL`. Same resolvers and Kafka calls as in-process. It answers only fetches a gateway signed
 * (`x-puchi-identity` over the body, for this domain, before the request's deadline; its domain's keys
 * `IDENTITY_VERIFY_KEYS`),
 * takes the caller from that token, and passes the token on to its domain's service. It listens on
 * `SUBGRAPH_HOST` (127.0.0.1) and applies the gateway's document limits and body size again: its fetches are
 * the gateway's, but a limit that holds in one place only fails open when that place is bypassed.
 */
export async function startSubgraphServer(
  module: SubgraphModule,
  port: number,
  config: GatewayConfig,
  logger: Logger = createLogger({ service: `subgraph-${module.name}` }, { level: config.logLevel }),
  /** How resolvers reach the services. Default: a Kafka `RpcClient` this server owns (the benchmark's baseline passes an in-process one). */
  caller?: Caller,
): Promise<RunningSubgraphServer> {
  const rpc = caller ? undefined : new RpcClient({ bus: createBus({ clientId: `subgraph-${module.name}`, logger }), defaultTimeoutMs: config.requestTimeoutMs, logger });
  await rpc?.start();
  const calls: Caller = caller ?? rpc!;
  const { secret, domainKeys } = config.identity;
  if (!domainKeys && !secret) throw new Error(`subgraph "${module.name}" has no identity keys: IDENTITY_VERIFY_KEYS`);
  const verifier = new IdentityVerifier({ keys: domainKeys ?? new Map([[secret!.keyId, domainKey(secret!, module.name)]]) });
  const { limits } = config;
  const httpServer = http.createServer();
  const apollo = new ApolloServer<SubgraphContext>({
    schema: buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers }]),
    stopOnTerminationSignals: false, // subgraph-main.ts stops it on SIGINT/SIGTERM
    includeStacktraceInErrorResponses: !config.production,
    hideSchemaDetailsFromClientErrors: config.production,
    formatError: createFormatError({ mask: config.production }),
    parseOptions: parseOptions(limits.maxTokens * PLANNED_FETCH_TOKEN_FACTOR),
    validationRules: limitValidationRules(limits),
    allowBatchedHttpRequests: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();

  const admit = (req: IncomingMessage, body: Buffer): SubgraphContext => {
    const token = headerOf(req, IDENTITY_HEADER);
    if (!token) throw unauthenticated(`a standalone subgraph answers only requests a gateway signed (${IDENTITY_HEADER})`);
    const traceparent = headerOf(req, 'traceparent');
    const traced = traceparent && isValidTraceparent(traceparent) ? traceparent : undefined;
    const verdict = verifier.verify(token, { audience: module.name, bodyHash: bodyHash(body), traceId: traceIdOf(traced) });
    if (!verdict.ok) {
      logger.warn('unsigned or badly signed request refused', { reason: verdict.reason });
      throw unauthenticated(`the gateway signature was refused (${verdict.reason})`);
    }
    const { identity, expiresAt } = verdict.token;
    return createSubgraphContext({
      caller: calls,
      identity,
      idempotencyKey: idempotencyKeyOf(req),
      hedgeAfterMs: config.readHedgeAfterMs,
      // The gateway's deadline, not a fresh one: nobody waits for this fetch longer than that.
      deadline: Math.min(expiresAt, Date.now() + config.requestTimeoutMs),
      traceparent: traced,
      identityTokens: forwardedToken(module.name, token),
    });
  };

  httpServer.on(
    'request',
    createHttpHandler<SubgraphContext>({
      apollo,
      logger,
      corsOrigins: [],
      maxBodyBytes: limits.maxBodyBytes,
      routes: {},
      context: async (req, body) => admit(req, body),
    }),
  );
  await new Promise<void>((resolve) => httpServer.listen(port, config.subgraphHost, resolve));
  const host = config.subgraphHost === '0.0.0.0' || config.subgraphHost === '::' ? 'localhost' : config.subgraphHost;
  const url = `http://${host}:${(httpServer.address() as AddressInfo).port}/graphql`;
  logger.info('subgraph listening', { subgraph: module.name, url });
  return {
    url,
    close: async () => {
      await apollo.stop();
      await rpc?.close();
    },
  };
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: GATEWAY_CODES.unauthenticated, http: { status: 401 } } });
}
