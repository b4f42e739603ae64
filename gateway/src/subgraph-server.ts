import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createBus, createLogger, RpcClient, type Logger } from '@puchi/kafka';
import { createSubgraphContext, type Caller, type SubgraphContext, type SubgraphModule } from '@puchi/subgraph-kit';
import { createAuthenticator } from './auth';
import type { GatewayConfig } from './config';
import { headerOf } from './context';
import { createHttpHandler } from './http/handler';

export interface RunningSubgraphServer {
  url: string;
  close(): Promise<void>;
}

/**
 * One domain's subgraph as its own HTTP server (`npm run dev:subgraph:<domain>`), for a gateway that names it in
 * `SUBGRAPH_<DOMAIN>_URL`. Same resolvers, same token verification and Kafka calls as in-process.
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
  const auth = createAuthenticator(config.auth);
  const httpServer = http.createServer();
  const apollo = new ApolloServer<SubgraphContext>({
    schema: buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers }]),
    stopOnTerminationSignals: false, // subgraph-main.ts stops it on SIGINT/SIGTERM
    includeStacktraceInErrorResponses: !config.production,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();
  httpServer.on(
    'request',
    createHttpHandler<SubgraphContext>({
      apollo,
      logger,
      corsOrigins: [],
      routes: {},
      context: async (req) =>
        createSubgraphContext({ caller: calls, identity: await auth.identify(headerOf(req, 'authorization')), timeoutMs: config.requestTimeoutMs, traceparent: headerOf(req, 'traceparent') }),
    }),
  );
  await new Promise<void>((resolve) => httpServer.listen(port, config.host, resolve));
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
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
