/** The gateway's public entry, for whole-system scripts, the benchmarks and tests. */
export { startGateway, type RunningGateway } from './server';
export { loadConfig, type GatewayConfig } from './config';
export { signDevToken } from './auth';
export { SUBGRAPH_MODULES } from './modules';
export { startSubgraphServer } from './subgraph-server';
