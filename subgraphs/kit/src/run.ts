import { activeTraceIds, ConfigError, createLogger, loadTracing, type Tracing } from '@puchi/kafka';
import { parseServiceConfig, type ServiceConfig } from './config';
import type { DomainServiceDefinition } from './definition';
import { startDomainService } from './service';

/**
 * Process entry of `npm run dev:<domain>` (and of each service `npm start` runs): parses the service's settings
 * from `env` once, starts, and stops cleanly on SIGINT/SIGTERM. A setting it refuses ends the process with exit
 * code 1 and one log line saying which variable, its value and what is allowed. `defaults.opsPort`: the domain's
 * ops port when `OPS_PORT` is unset (see `parseServiceConfig`).
 */
export function runDomainService(definition: DomainServiceDefinition, env: NodeJS.ProcessEnv, defaults: { opsPort?: number } = {}): void {
  const service = `${definition.domain}-service`;
  let config: ServiceConfig;
  try {
    config = parseServiceConfig(definition.domain, env, defaults);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    createLogger({ service }).error(error.message, { variable: error.variable, value: error.value, allowed: error.allowed });
    process.exit(1);
  }
  // Traced, every line written inside a span names its trace (`traceId`, `spanId`).
  const logger = createLogger({ service }, { level: config.logLevel, ...(config.otlpEndpoint ? { trace: activeTraceIds } : {}) });
  const start = async () => {
    const tracing: Tracing | undefined = config.otlpEndpoint ? await loadTracing({ serviceName: service, endpoint: config.otlpEndpoint }) : undefined;
    // A consumer that crashed for good leaves the process unable to do its work: end it, for its supervisor to restart.
    const onFatal = () => process.exit(1);
    return { tracing, running: await startDomainService(definition, { config, logger, onFatal, ...(tracing ? { tracer: tracing.tracer } : {}) }) };
  };
  start().then(
    ({ tracing, running }) => {
      const stop = (signal: string) => {
        logger.info('stopping', { signal });
        // The spans still queued go out before the process ends.
        running.close().then(async () => tracing?.shutdown()).then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error('unclean stop', { error });
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    },
    (error: unknown) => {
      logger.error('service failed to start', { error, fix: (error as { fix?: string }).fix });
      process.exit(1);
    },
  );
}
