import { ConfigError } from '@puchi/kafka';
import { parseServiceConfig } from './config';

describe('OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('turns a service’s tracing on with the collector’s base URL, and leaves it off when unset', () => {
    expect(parseServiceConfig('lesson', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).otlpEndpoint).toBe('http://collector:4318');
    expect(parseServiceConfig('lesson', {})).not.toHaveProperty('otlpEndpoint');
    expect(parseServiceConfig('lesson', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).not.toHaveProperty('otlpEndpoint');
  });

  it('refuses what is not an http(s) URL, naming the variable', () => {
    expect(() => parseServiceConfig('lesson', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(ConfigError);
    expect(() => parseServiceConfig('lesson', { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
