import { z } from 'zod';
import type { EnvSetting } from './env';

/**
 * `OTEL_EXPORTER_OTLP_ENDPOINT`: the OTLP/HTTP base URL of a trace collector (`http://localhost:4318`); spans go
 * to its `/v1/traces`. Unset, the default: the process traces nothing and loads no tracing SDK. Read by the
 * gateway's and every service's configuration, so one variable turns tracing on for the whole system.
 */
export function otlpEndpointSetting(): EnvSetting<string | undefined> {
  return {
    schema: z.url({ protocol: /^https?$/ }).optional(),
    allowed: 'an http(s) URL: the OTLP/HTTP base of a trace collector, e.g. http://localhost:4318 (spans go to its /v1/traces)',
  };
}
