import { brokersFromEnv, kafkajsPatchesFromEnv } from './client';
import { ConfigError } from './errors';

describe('the client settings from the environment', () => {
  it('reads KAFKA_BROKERS, or the local broker when it is unset or blank', () => {
    expect(brokersFromEnv({ KAFKA_BROKERS: '10.0.0.1:9092, kafka-2.internal:9094,' })).toEqual(['10.0.0.1:9092', 'kafka-2.internal:9094']);
    expect(brokersFromEnv({})).toEqual(['127.0.0.1:9092']);
    expect(brokersFromEnv({ KAFKA_BROKERS: '  ' })).toEqual(['127.0.0.1:9092']);
  });

  it.each(['localhost', 'localhost:', 'localhost:abc', 'localhost:70000', ',', 'a:1 b:2'])('refuses KAFKA_BROKERS=%j, naming it', (value) => {
    expect(() => brokersFromEnv({ KAFKA_BROKERS: value })).toThrow(ConfigError);
    expect(() => brokersFromEnv({ KAFKA_BROKERS: value })).toThrow(`KAFKA_BROKERS=${JSON.stringify(value)} is not allowed: comma-separated host:port addresses`);
  });

  it('keeps the kafkajs patches on unless PUCHI_KAFKAJS_PATCHES=off, and refuses anything else', () => {
    expect([kafkajsPatchesFromEnv({}), kafkajsPatchesFromEnv({ PUCHI_KAFKAJS_PATCHES: 'on' }), kafkajsPatchesFromEnv({ PUCHI_KAFKAJS_PATCHES: 'off' })]).toEqual([true, true, false]);
    expect(() => kafkajsPatchesFromEnv({ PUCHI_KAFKAJS_PATCHES: 'no' })).toThrow('PUCHI_KAFKAJS_PATCHES="no" is not allowed: on or off');
  });
});
