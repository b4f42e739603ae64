/**
 * Child process of the benchmark's HTTP baseline: one domain's subgraph as a standalone HTTP server (as
 * `npm run dev:subgraph:<domain>`), whose resolvers reach the domain's handlers and store in this process
 * through `createDirectCaller` instead of Kafka. No broker on the request path.
 *
 *   node --import tsx bench/e2e/direct-subgraph.ts <domain> <store file> [port]
 *
 * Sends `{ ready: url }` over IPC once it listens; SIGTERM stops it.
 */
import { createLogger } from '@puchi/kafka';
import { domainManifest, isDomain } from '@puchi/domains';
import { createDirectCaller, openStore } from '@puchi/subgraph-kit';
import { loadConfig, startSubgraphServer } from '@puchi/gateway';

async function main(): Promise<void> {
  const [domain = '', dbFile = '', port = '0'] = process.argv.slice(2);
  if (!isDomain(domain) || !dbFile) throw new Error(`usage: direct-subgraph.ts <domain> <store file> [port]; got "${domain}" "${dbFile}"`);
  const config = { ...loadConfig(process.env), host: '127.0.0.1' };
  const logger = createLogger({ service: `direct-subgraph-${domain}` }, { level: config.logLevel });
  const manifest = domainManifest(domain);
  const subgraph = manifest.subgraph();
  const definition = manifest.service;
  const db = openStore(dbFile, definition.migrations);
  const caller = createDirectCaller(definition, db, logger);
  // The same server as `npm run dev:subgraph:<domain>`, with the in-process caller instead of Kafka.
  const server = await startSubgraphServer(subgraph, Number(port), config, logger, caller);
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
