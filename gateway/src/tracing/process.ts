import { activeTraceIds, loadTracing, type LoggerOptions, type Tracing } from '@puchi/kafka';
import type { GatewayConfig } from '../config';

/** The gateway process's tracing, when its settings name a collector (`OTEL_EXPORTER_OTLP_ENDPOINT`); else nothing is loaded. */
export function startGatewayTracing(config: Pick<GatewayConfig, 'otlpEndpoint'>): Promise<Tracing | undefined> {
  return config.otlpEndpoint ? loadTracing({ serviceName: 'gateway', endpoint: config.otlpEndpoint }) : Promise.resolve(undefined);
}

/** Logger options that, when the gateway traces, put the active span's `traceId` and `spanId` on every line. */
export function tracedLogOptions(config: Pick<GatewayConfig, 'otlpEndpoint'>): Pick<LoggerOptions, 'trace'> {
  return config.otlpEndpoint ? { trace: activeTraceIds } : {};
}
