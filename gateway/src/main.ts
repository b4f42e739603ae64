import { createLogger } from '@puchi/kafka';
import { loadConfig } from './config';
import { SUBGRAPH_MODULES } from './modules';
import { startGateway } from './server';

/** `npm run dev:gateway`: the gateway on PORT (8000), stopped cleanly by SIGINT/SIGTERM. */
const logger = createLogger({ service: 'gateway' });
startGateway({ modules: SUBGRAPH_MODULES, config: loadConfig(), logger }).then(
  (gateway) => {
    const stop = (signal: string) => {
      logger.info('stopping', { signal });
      gateway.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  },
  (error: unknown) => {
    logger.error('gateway failed to start', { error });
    process.exit(1);
  },
);
