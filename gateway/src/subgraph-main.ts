import { createLogger } from '@puchi/kafka';
import { domainManifest, isDomain, subgraphPort } from '@puchi/domains';
import { loadConfig } from './config';
import { startSubgraphServer } from './subgraph-server';

/** `npm run dev:subgraph:<domain>`: one domain's subgraph over HTTP on its port from `subgraphPort` (4001…). */
const domain = process.argv[2] ?? '';
if (!isDomain(domain)) {
  console.error(`usage: npm run dev:subgraph:<domain>; "${domain}" is not a domain`);
  process.exit(1);
}
const module = domainManifest(domain).subgraph();
const logger = createLogger({ service: `subgraph-${domain}` });
const port = Number(process.env.SUBGRAPH_PORT ?? subgraphPort(domain));
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
