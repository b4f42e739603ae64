import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { createBus, createLogger, RpcClient, type Logger, type MessageBus } from '@puchi/kafka';
import { createSubgraphContext, type SubgraphModule } from '@puchi/subgraph-kit';
import { createAuthenticator } from './auth';
import { loadConfig, type GatewayConfig } from './config';
import { headerOf, type GatewayContext } from './context';
import { health } from './health';
import { startServiceStatusBoard } from './service-status';
import { createHttpHandler } from './http/handler';
import { kafkaRequestsPlugin } from './kafka-requests-plugin';
import { createApolloGateway } from './supergraph';

export interface GatewayOptions {
  /** Every domain's subgraph module (see `./modules`). */
  modules: readonly SubgraphModule[];
  /** Default: `loadConfig()` from the environment. */
  config?: GatewayConfig;
  /** Default: a bus on `KAFKA_BROKERS`. */
  bus?: MessageBus;
  logger?: Logger;
}

export interface RunningGateway {
  url: string;
  port: number;
  rpc: RpcClient;
  close(): Promise<void>;
}

/** Starts the gateway: the Kafka request client, the Apollo gateway and server, and the HTTP listener. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger({ service: 'gateway' });
  const bus = options.bus ?? createBus({ clientId: 'gateway', logger });
  const rpc = new RpcClient({ bus, defaultTimeoutMs: config.requestTimeoutMs, logger });
  await rpc.start();

  const auth = createAuthenticator(config.auth);
  const board = await startServiceStatusBoard(bus);
  const httpServer = http.createServer();
  const apollo = new ApolloServer<GatewayContext>({
    gateway: createApolloGateway(options.modules, config.subgraphUrls),
    introspection: !config.production,
    includeStacktraceInErrorResponses: !config.production,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      config.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
      ...(config.production ? [] : [kafkaRequestsPlugin()]),
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
      routes: { '/api/health': () => health(bus), '/api/services/status': () => board.status() },
      context: async (req) => {
        const authorization = headerOf(req, 'authorization');
        const identity = await auth.identify(authorization);
        const context = createSubgraphContext({ caller: rpc, identity, timeoutMs: config.requestTimeoutMs, traceparent: headerOf(req, 'traceparent') });
        return Object.assign(context, { authorization });
      },
    }),
  );
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://localhost:${port}/graphql`;
  logger.info('gateway listening', { url, subgraphs: options.modules.map((m) => m.name), remote: config.subgraphUrls });

  return {
    url,
    port,
    rpc,
    close: async () => {
      await apollo.stop(); // drains HTTP connections first
      await Promise.all([rpc.close(), board.close()]);
    },
  };
}
