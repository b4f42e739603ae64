import { parseArgs } from 'node:util';
import { ConfigError, createLogger } from '@puchi/kafka';
import { DOMAINS, domainManifest, isDomain, subgraphPort } from '@puchi/domains';
import { loadConfig, type GatewayConfig } from './config';
import { startSubgraphServer } from './subgraph-server';

/**
 * `npm run dev:subgraph:<domain>`: one domain's subgraph over HTTP on `SUBGRAPH_PORT`, default its port from
 * `subgraphPort` (4001…). Its settings are parsed here, once (`loadConfig`).
 */
const usage = `usage: npm run dev:subgraph:<${DOMAINS.join('|')}>`;
let domain: string;
try {
  const { positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new Error(positionals.length ? `one domain, got ${positionals.join(' ')}` : 'which domain?');
  domain = positionals[0]!;
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
if (!isDomain(domain)) {
  console.error(`"${domain}" is not a domain\n${usage}`);
  process.exit(2);
}
let config: GatewayConfig;
try {
  config = loadConfig(process.env, 'subgraph');
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  createLogger({ service: `subgraph-${domain}` }).error(error.message, { variable: error.variable, value: error.value, allowed: error.allowed });
  process.exit(1);
}
const module = domainManifest(domain).subgraph();
const logger = createLogger({ service: `subgraph-${domain}` }, { level: config.logLevel });
startSubgraphServer(module, config.subgraphPort ?? subgraphPort(domain), config, logger).then(
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
