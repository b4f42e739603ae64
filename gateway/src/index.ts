/** The gateway's public entry, for whole-system scripts, the benchmarks and tests. */
// First: it must run before any Apollo package loads (see the module).
import './apollo-hot-paths';
export { startGateway, type RunningGateway } from './server';
export { GATEWAY_SETTINGS, loadConfig, subgraphUrlVariable, type GatewayConfig } from './config';
export { createAuthenticator, signDevToken } from './auth';
export { SUBGRAPH_MODULES } from './modules';
export { startSubgraphServer } from './subgraph-server';
export { startGatewayTracing, tracedLogOptions } from './tracing';
