/**
 * Child process of the benchmark's HTTP baseline: one domain's subgraph as a standalone HTTP server (as
 * `npm run dev:subgraph:<domain>`), whose resolvers reach the domain's handlers and store in this process
 * through `createDirectCaller` instead of Kafka. No broker on the request path.
 *
 *   node --import tsx bench/e2e/direct-subgraph.ts <domain> <store file> [port]
 *
 * Sends `{ ready: url }` over IPC once it listens; SIGTERM stops it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createLogger, type Logger } from '@puchi/kafka';
import { isDomain } from '@puchi/schema';
import { createSubgraphContext, openStore, type Caller, type SubgraphContext, type SubgraphModule } from '@puchi/subgraph-kit';
import { createAuthenticator } from '../../gateway/src/auth';
import { loadConfig, type GatewayConfig } from '../../gateway/src/config';
import { headerOf } from '../../gateway/src/context';
import { createHttpHandler } from '../../gateway/src/http/handler';
import { SUBGRAPH_MODULES } from '../../gateway/src/modules';
import { SERVICES } from '../../scripts/service-definitions';
import { createDirectCaller } from '../direct-caller';

interface RunningDirectSubgraph {
  url: string;
  close(): Promise<void>;
}

/**
 * `startSubgraphServer` (gateway/src/subgraph-server.ts) with the `Caller` given instead of an `RpcClient`:
 * the same Apollo subgraph schema, HTTP handler and token verification.
 */
async function startDirectSubgraphServer(module: SubgraphModule, caller: Caller, port: number, config: GatewayConfig, logger: Logger): Promise<RunningDirectSubgraph> {
  const auth = createAuthenticator(config.auth);
  const httpServer = http.createServer();
  const apollo = new ApolloServer<SubgraphContext>({
    schema: buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers }]),
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
        createSubgraphContext({ caller, identity: await auth.identify(headerOf(req, 'authorization')), timeoutMs: config.requestTimeoutMs, traceparent: headerOf(req, 'traceparent') }),
    }),
  );
  await new Promise<void>((resolve) => httpServer.listen(port, config.host, resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  return { url, close: () => apollo.stop() };
}

async function main(): Promise<void> {
  const [domain = '', dbFile = '', port = '0'] = process.argv.slice(2);
  const subgraph = SUBGRAPH_MODULES.find((m) => m.name === domain);
  if (!isDomain(domain) || !subgraph || !dbFile) throw new Error(`usage: direct-subgraph.ts <domain> <store file> [port]; got "${domain}" "${dbFile}"`);
  const logger = createLogger({ service: `direct-subgraph-${domain}` });
  const definition = SERVICES[domain];
  const db = openStore(dbFile, definition.migrations);
  const caller = createDirectCaller(definition, db, logger);
  const server = await startDirectSubgraphServer(subgraph, caller, Number(port), { ...loadConfig(), host: '127.0.0.1' }, logger);
  const stop = () => {
    server.close().then(
      () => {
        db.close();
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.send?.({ ready: server.url });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
