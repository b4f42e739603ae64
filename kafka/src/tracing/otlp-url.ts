/** The traces URL of an OTLP/HTTP base endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`): the specification appends `v1/traces`. */
export function otlpTracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}
