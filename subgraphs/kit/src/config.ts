import path from 'node:path';
import { BROKER_LIST_ALLOWED, ConfigError, DEFAULT_BROKERS, LOG_LEVELS, isBrokerAddress, type DomainKeys, type LogLevel } from '@puchi/kafka';
import { choiceSetting, integerSetting, listSetting, parseEnv, textSetting, type EnvSetting } from './env';
import { DEFAULT_IDEMPOTENCY_RETENTION_MS } from './idempotency';
import { domainKeysSetting, resolveDomainKeys } from './identity';
import { otlpEndpointSetting } from './tracing-settings';
import type { OpsListen } from './ops/ops-server';

/**
 * A domain service process's settings, parsed once from the environment by its entry (`runDomainService`, which
 * `npm run dev -- <domain>` and `npm start` run) and passed down through `StartServiceOptions.config` to the bus,
 * the logger, the store and the heartbeat. README, "Services".
 */
export interface ServiceConfig {
  /** The domain's SQLite store: `<DOMAIN>_DB_PATH`, else `$DATA_DIR/<domain>.sqlite`, else `.data/<domain>.sqlite` in the repo. */
  dbPath: string;
  /** Bootstrap brokers: `KAFKA_BROKERS` (comma-separated `host:port`), default 127.0.0.1:9092 (`DEFAULT_BROKERS`). */
  brokers: string[];
  /** `LOG_LEVEL`: debug, info (the default), warn or error. */
  logLevel: LogLevel;
  /** How often the instance announces itself on `service-heartbeats`, ms: `HEARTBEAT_INTERVAL_MS`, default 5000, from 100. */
  heartbeatIntervalMs: number;
  /**
   * This domain's keys, with which it checks the identity tokens gateways sign for it: `IDENTITY_VERIFY_KEYS`.
   * Default, outside production (`NODE_ENV=production`), the development key; production refuses to start without its own.
   */
  identityKeys: DomainKeys;
  /**
   * Where the service serves `/metrics`, `/health/live` and `/health/ready` (`OPS_PORT`, `OPS_HOST`; see
   * `parseServiceConfig`). Absent: no ops server (what tests that run several services in one process want).
   */
  ops?: OpsListen;
  /** Where its spans go (`OTEL_EXPORTER_OTLP_ENDPOINT`, an OTLP/HTTP base URL). Absent, the default: no tracing. */
  otlpEndpoint?: string;
  /**
   * How long a write's idempotency key is remembered after its first event, ms: `IDEMPOTENCY_RETENTION_MS`, default
   * 86400000 (24 h, the IETF draft's and Stripe's horizon), at least 60000. A repeat after that is a new write.
   */
  idempotencyRetentionMs: number;
  /**
   * The session timeout of the service's consumer groups (requests and reactions), ms: `CONSUMER_SESSION_TIMEOUT_MS`,
   * default 3000. A killed instance's partitions move to the others after about this long, so its writes wait that
   * long: below the gateway's 5 s deadline (docs/architecture.md, "Failover"). The broker refuses values below its
   * `group.min.session.timeout.ms` (Kafka's default is 6000: the launcher's brokers and the compose file set 1000;
   * against another broker, set that or `CONSUMER_SESSION_TIMEOUT_MS=6000`).
   */
  consumerSessionTimeoutMs: number;
  /** How often those consumers heartbeat, ms: `CONSUMER_HEARTBEAT_INTERVAL_MS`, default 500, below the session timeout. */
  consumerHeartbeatIntervalMs: number;
}

/** The repo's `.data` folder: stores live outside git and survive restarts. */
export const DEFAULT_DATA_DIR = path.resolve(__dirname, '../../../.data');
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 5000;
/**
 * Below this a heartbeat is noise on `service-heartbeats`, and a typo (`HEARTBEAT_INTERVAL_MS=5`) would flood it:
 * a bad value once gave NaN, which `setInterval` runs about every millisecond.
 */
export const MIN_HEARTBEAT_INTERVAL_MS = 100;
/** `setInterval`'s largest delay; Node runs a longer one about every millisecond too. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The ops endpoints answer anyone who reaches them, and a service is otherwise Kafka-only: by default they listen on
 * loopback only, as a standalone subgraph does. A container sets `OPS_HOST=0.0.0.0` for its Prometheus to scrape.
 */
export const DEFAULT_OPS_HOST = '127.0.0.1';

/** The variables every domain service reads, with their defaults and what each allows; and its own `<DOMAIN>_DB_PATH` (`storePath`). */
export const SERVICE_SETTINGS = {
  KAFKA_BROKERS: listSetting(isBrokerAddress, BROKER_LIST_ALLOWED),
  LOG_LEVEL: choiceSetting(LOG_LEVELS, 'info'),
  HEARTBEAT_INTERVAL_MS: integerSetting({ min: MIN_HEARTBEAT_INTERVAL_MS, max: MAX_TIMER_MS, unit: 'milliseconds', fallback: DEFAULT_HEARTBEAT_INTERVAL_MS }),
  DATA_DIR: textSetting(),
  NODE_ENV: textSetting(),
  IDENTITY_VERIFY_KEYS: domainKeysSetting(),
  OPS_PORT: integerSetting({ min: 0, max: 65_535 }),
  OPS_HOST: textSetting(DEFAULT_OPS_HOST),
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpointSetting(),
  CONSUMER_SESSION_TIMEOUT_MS: integerSetting({ min: 1000, max: 300_000, unit: 'milliseconds', fallback: 3000 }),
  CONSUMER_HEARTBEAT_INTERVAL_MS: integerSetting({ min: 100, max: 100_000, unit: 'milliseconds', fallback: 500 }),
  IDEMPOTENCY_RETENTION_MS: integerSetting({ min: 60_000, max: Number.MAX_SAFE_INTEGER, unit: 'milliseconds', fallback: DEFAULT_IDEMPOTENCY_RETENTION_MS }),
} satisfies Record<string, EnvSetting<unknown>>;

/** The variable that names one domain's store file: `LESSON_DB_PATH` for `lesson`. */
export function dbPathVariable(domain: string): string {
  return `${domain.toUpperCase()}_DB_PATH`;
}

/** `.data/<domain>.sqlite` in the repo: a domain's store when the environment names none. */
export function defaultStorePath(domain: string): string {
  return path.join(DEFAULT_DATA_DIR, `${domain}.sqlite`);
}

/** Where a domain's store lives by `env`: `<DOMAIN>_DB_PATH` first, then `$DATA_DIR/<domain>.sqlite`, then `.data/<domain>.sqlite`. */
export function storePath(domain: string, env: NodeJS.ProcessEnv): string {
  const variable = dbPathVariable(domain);
  const values = parseEnv({ DATA_DIR: SERVICE_SETTINGS.DATA_DIR, [variable]: textSetting() }, env);
  const own = values[variable];
  if (own) return path.resolve(own);
  return values.DATA_DIR ? path.join(path.resolve(values.DATA_DIR), `${domain}.sqlite`) : defaultStorePath(domain);
}

/**
 * The service configuration of `domain` from `env`. Throws `ConfigError` naming the first variable it refuses.
 * `defaultOpsPort` is the domain's ops port when `OPS_PORT` is unset (`npm run dev` and `npm start` give each domain
 * its own: `opsPort` of `@puchi/domains`, 8001…8008); without one, or with `OPS_PORT=0`, no ops server.
 */
export function parseServiceConfig(domain: string, env: NodeJS.ProcessEnv, defaults: { opsPort?: number } = {}): ServiceConfig {
  const settings = parseEnv(SERVICE_SETTINGS, env);
  if (settings.CONSUMER_HEARTBEAT_INTERVAL_MS >= settings.CONSUMER_SESSION_TIMEOUT_MS) {
    throw new ConfigError('CONSUMER_HEARTBEAT_INTERVAL_MS', String(settings.CONSUMER_HEARTBEAT_INTERVAL_MS), `below CONSUMER_SESSION_TIMEOUT_MS (${settings.CONSUMER_SESSION_TIMEOUT_MS})`);
  }
  const opsPort = settings.OPS_PORT ?? defaults.opsPort ?? 0;
  return {
    ...(opsPort > 0 ? { ops: { port: opsPort, host: settings.OPS_HOST } } : {}),
    ...(settings.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    dbPath: storePath(domain, env),
    brokers: settings.KAFKA_BROKERS ?? [...DEFAULT_BROKERS],
    logLevel: settings.LOG_LEVEL,
    heartbeatIntervalMs: settings.HEARTBEAT_INTERVAL_MS,
    idempotencyRetentionMs: settings.IDEMPOTENCY_RETENTION_MS,
    consumerSessionTimeoutMs: settings.CONSUMER_SESSION_TIMEOUT_MS,
    consumerHeartbeatIntervalMs: settings.CONSUMER_HEARTBEAT_INTERVAL_MS,
    identityKeys: resolveDomainKeys(domain, settings.IDENTITY_VERIFY_KEYS, settings.NODE_ENV === 'production', env.IDENTITY_VERIFY_KEYS),
  };
}
