// First: it must run before any Apollo package loads (see the module).
import './apollo-hot-paths';
import { ConfigError, createLogger } from '@puchi/kafka';
import { loadConfig, type GatewayConfig } from './config';
import { SUBGRAPH_MODULES } from './modules';
import { startGateway } from './server';
import { startGatewayTracing, tracedLogOptions } from './tracing';

/** `npm run dev:gateway`: the gateway on PORT (8000), stopped cleanly by SIGINT/SIGTERM. Its settings are parsed here, once. */
let config: GatewayConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  createLogger({ service: 'gateway' }).error(error.message, { variable: error.variable, value: error.value, allowed: error.allowed });
  process.exit(1);
}
const logger = createLogger({ service: 'gateway' }, { level: config.logLevel, ...tracedLogOptions(config) });
const start = async () => {
  const tracing = await startGatewayTracing(config);
  return { tracing, gateway: await startGateway({ modules: SUBGRAPH_MODULES, config, logger, ...(tracing ? { tracer: tracing.tracer } : {}) }) };
};
start().then(
  ({ gateway, tracing }) => {
    const stop = (signal: string) => {
      logger.info('stopping', { signal });
      // The spans still queued go out before the process ends.
      gateway.close().then(async () => tracing?.shutdown()).then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  },
  (error: unknown) => {
    logger.error('gateway failed to start', { error });
    process.exit(1);
  },
);
