import { createLogger } from '@puchi/kafka';
import { isDomain, subgraphUrl } from '@puchi/schema';
import { loadConfig } from './config';
import { SUBGRAPH_MODULES } from './modules';
import { startSubgraphServer } from './subgraph-server';

/** `npm run dev:subgraph:<domain>`: one domain's subgraph over HTTP on its port from `subgraphUrl` (4001…). */
const domain = process.argv[2] ?? '';
const module = SUBGRAPH_MODULES.find((m) => m.name === domain);
if (!isDomain(domain) || !module) {
  console.error(`usage: npm run dev:subgraph:<domain>; "${domain}" is not a domain with a subgraph module`);
  process.exit(1);
}
const logger = createLogger({ service: `subgraph-${domain}` });
const port = Number(process.env.SUBGRAPH_PORT ?? new URL(subgraphUrl(domain)).port);
startSubgraphServer(module, port, loadConfig(), logger).then(
  (server) => {
    const stop = () => server.close().then(() => process.exit(0), () => process.exit(1));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: unknown) => {
    logger.error('subgraph failed to start', { error });
    process.exit(1);
  },
);
