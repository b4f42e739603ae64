import { ConfigError, DEV_IDENTITY_SECRET, devDomainKeys, domainKeySetting, identitySecret } from '@puchi/kafka';
import { DEFAULT_DATA_DIR, parseServiceConfig, storePath } from './config';

/** The quiz and user keys under a secret of our own, as production must have. */
const OWN = identitySecret('k1', Buffer.alloc(32, 42));

describe('the service configuration', () => {
  it('has the documented defaults when nothing is set', () => {
    expect(parseServiceConfig('lesson', {})).toEqual({
      dbPath: `${DEFAULT_DATA_DIR}/lesson.sqlite`,
      brokers: ['127.0.0.1:9092'],
      logLevel: 'info',
      heartbeatIntervalMs: 5000,
      idempotencyRetentionMs: 86_400_000,
      consumerSessionTimeoutMs: 3000,
      consumerHeartbeatIntervalMs: 500,
      identityKeys: devDomainKeys('lesson'),
    });
  });

  it('reads every variable a service uses', () => {
    const env = { KAFKA_BROKERS: '10.0.0.1:9092, 10.0.0.2:9092', LOG_LEVEL: 'WARN', HEARTBEAT_INTERVAL_MS: '250', QUIZ_DB_PATH: '/srv/quiz.db', IDEMPOTENCY_RETENTION_MS: '3600000' };
    const config = parseServiceConfig('quiz', { ...env, IDENTITY_VERIFY_KEYS: domainKeySetting(OWN, 'quiz') });
    expect(config).toMatchObject({ dbPath: '/srv/quiz.db', brokers: ['10.0.0.1:9092', '10.0.0.2:9092'], logLevel: 'warn', heartbeatIntervalMs: 250, idempotencyRetentionMs: 3_600_000 });
    expect(() => parseServiceConfig('quiz', { IDEMPOTENCY_RETENTION_MS: '1000' })).toThrow(/IDEMPOTENCY_RETENTION_MS/);
    expect(parseServiceConfig('quiz', { CONSUMER_SESSION_TIMEOUT_MS: '3000', CONSUMER_HEARTBEAT_INTERVAL_MS: '500' })).toMatchObject({ consumerSessionTimeoutMs: 3000, consumerHeartbeatIntervalMs: 500 });
    expect(() => parseServiceConfig('quiz', { CONSUMER_SESSION_TIMEOUT_MS: '3000', CONSUMER_HEARTBEAT_INTERVAL_MS: '3000' })).toThrow(/CONSUMER_HEARTBEAT_INTERVAL_MS/);
    expect([...config.identityKeys.keys()]).toEqual(['k1']);
  });

  it('believes only its configured domain keys in production, never a development one', () => {
    const refusal = (env: NodeJS.ProcessEnv) => {
      try {
        parseServiceConfig('user', env);
      } catch (error) {
        return error as ConfigError;
      }
    };
    expect(refusal({ NODE_ENV: 'production' })).toMatchObject({ variable: 'IDENTITY_VERIFY_KEYS' });
    const withDev = `${domainKeySetting(OWN, 'user')},${domainKeySetting(DEV_IDENTITY_SECRET, 'user')}`;
    expect(refusal({ NODE_ENV: 'production', IDENTITY_VERIFY_KEYS: withDev })?.message).toBe(
      'IDENTITY_VERIFY_KEYS="(hidden)" is not allowed: not the development key in production (npm run identity-keys prints them)',
    );
    expect(refusal({ NODE_ENV: 'production', IDENTITY_VERIFY_KEYS: domainKeySetting(OWN, 'user') })).toBeUndefined();
    expect(refusal({ IDENTITY_VERIFY_KEYS: 'k1:short' })).toMatchObject({ variable: 'IDENTITY_VERIFY_KEYS' });
  });

  it.each(['abc', '0', '-5', '99', '1e3', '2.5', '2147483648'])('refuses HEARTBEAT_INTERVAL_MS=%s, naming it, the value and what is allowed', (value) => {
    const error = (() => {
      try {
        parseServiceConfig('lesson', { HEARTBEAT_INTERVAL_MS: value });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: 'HEARTBEAT_INTERVAL_MS', value, retriable: false });
    expect((error as ConfigError).message).toBe(`HEARTBEAT_INTERVAL_MS="${value}" is not allowed: an integer from 100 to 2147483647 (milliseconds)`);
  });

  it('treats a blank variable as unset rather than as zero', () => {
    expect(parseServiceConfig('lesson', { HEARTBEAT_INTERVAL_MS: ' ', LOG_LEVEL: '' })).toMatchObject({ heartbeatIntervalMs: 5000, logLevel: 'info' });
  });

  it('refuses an unknown LOG_LEVEL and a broker list that is not host:port', () => {
    expect(() => parseServiceConfig('lesson', { LOG_LEVEL: 'verbose' })).toThrow('LOG_LEVEL="verbose" is not allowed: debug, info, warn or error');
    expect(() => parseServiceConfig('lesson', { KAFKA_BROKERS: 'localhost' })).toThrow(/^KAFKA_BROKERS="localhost" is not allowed: comma-separated host:port/);
    expect(() => parseServiceConfig('lesson', { KAFKA_BROKERS: ',' })).toThrow(ConfigError);
  });

  it('finds the store at <DOMAIN>_DB_PATH first, then in DATA_DIR, then in the repo', () => {
    expect(storePath('lesson', { LESSON_DB_PATH: '/srv/l.db', DATA_DIR: '/srv/data' })).toBe('/srv/l.db');
    expect(storePath('lesson', { QUIZ_DB_PATH: '/srv/q.db', DATA_DIR: '/srv/data' })).toBe('/srv/data/lesson.sqlite');
    expect(storePath('quiz', { DATA_DIR: '/srv/data' })).toBe('/srv/data/quiz.sqlite');
    expect(storePath('user', { USER_DB_PATH: '' })).toBe(`${DEFAULT_DATA_DIR}/user.sqlite`);
    expect(parseServiceConfig('media', { MEDIA_DB_PATH: 'stores/m.sqlite' }).dbPath).toBe(`${process.cwd()}/stores/m.sqlite`);
  });
});
