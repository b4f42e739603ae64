import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brokersFromEnv, kafkajsPatchesFromEnv } from './client';
import { saslEnv, securityFromEnv } from './client-security';
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

describe('the client security settings from the environment', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puchi-tls-'));
  const pem = (name: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `-----BEGIN ${name}-----\n`);
    return file;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('connects in plaintext without credentials when nothing is set', () => {
    expect(securityFromEnv({})).toEqual({});
    expect(securityFromEnv({ KAFKA_SASL_MECHANISM: ' ', KAFKA_SSL: 'false' })).toEqual({});
  });

  it('reads a SASL credential, the mechanism in any case, the password exactly as given', () => {
    expect(securityFromEnv({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: ' user-service ', KAFKA_SASL_PASSWORD: ' s3cret ' })).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'user-service', password: ' s3cret ' },
    });
    expect(securityFromEnv(saslEnv('plain', 'gateway', 'pw'))).toEqual({ sasl: { mechanism: 'plain', username: 'gateway', password: 'pw' } });
  });

  it('refuses half a credential, naming the missing variable', () => {
    expect(() => securityFromEnv({ KAFKA_SASL_USERNAME: 'gateway', KAFKA_SASL_PASSWORD: 'pw' })).toThrow(ConfigError);
    expect(() => securityFromEnv({ KAFKA_SASL_USERNAME: 'gateway', KAFKA_SASL_PASSWORD: 'pw' })).toThrow('KAFKA_SASL_MECHANISM is not set: required with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
    expect(() => securityFromEnv({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'gateway' })).toThrow('KAFKA_SASL_PASSWORD is not set');
  });

  it('refuses a mechanism kafkajs does not speak', () => {
    expect(() => securityFromEnv({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toThrow(
      'KAFKA_SASL_MECHANISM="gssapi" is not allowed: plain, scram-sha-256, scram-sha-512',
    );
  });

  it('turns TLS on with KAFKA_SSL=true, or with a CA or client certificate file, which it reads at once', () => {
    expect(securityFromEnv({ KAFKA_SSL: 'true' })).toEqual({ ssl: true });
    const ca = pem('CA');
    expect(securityFromEnv({ KAFKA_SSL_CA_FILE: ca })).toEqual({ ssl: { ca: fs.readFileSync(ca) } });
    const [cert, key] = [pem('CERTIFICATE'), pem('PRIVATE KEY')];
    expect(securityFromEnv({ KAFKA_SSL: 'TRUE', KAFKA_SSL_CERT_FILE: cert, KAFKA_SSL_KEY_FILE: key })).toEqual({ ssl: { cert: fs.readFileSync(cert), key: fs.readFileSync(key) } });
  });

  it('refuses a TLS setting that cannot work, naming the variable', () => {
    expect(() => securityFromEnv({ KAFKA_SSL: 'yes' })).toThrow('KAFKA_SSL="yes" is not allowed: true or false');
    expect(() => securityFromEnv({ KAFKA_SSL_CA_FILE: path.join(dir, 'missing.pem') })).toThrow(/KAFKA_SSL_CA_FILE=".*missing\.pem" is not allowed: a readable PEM file \(ENOENT\)/);
    expect(() => securityFromEnv({ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: pem('CA') })).toThrow(/KAFKA_SSL_CA_FILE=.* is not allowed: unset while KAFKA_SSL=false/);
    expect(() => securityFromEnv({ KAFKA_SSL_CERT_FILE: pem('CERTIFICATE') })).toThrow('KAFKA_SSL_KEY_FILE is not set: required with the other');
  });
});
