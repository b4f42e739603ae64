/**
 * Traces: the spans of the Kafka machinery, and the SDK that exports them (`loadTracing`, loaded only when a
 * process traces).
 */
export * from './attributes';
export * from './spans';
export * from './messaging';
export * from './load';
export { otlpTracesUrl } from './otlp-url';
