import net from 'node:net';
import tls from 'node:tls';
import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import { securityFromEnv } from './client-security';
import { ConfigError } from './errors';
import { createLogger, type Logger } from './log';
import { patchKafkaJsFetchRecovery } from './transport/kafkajs-fetch-recovery-patch';
import { patchKafkaJsRequestQueue } from './transport/kafkajs-request-queue-patch';

/** The broker a client uses when given none and `KAFKA_BROKERS` is unset: the local launcher's (`npm run kafka:start`). */
export const DEFAULT_BROKERS: readonly string[] = ['127.0.0.1:9092'];

/** `host:port` with a port from 1 to 65535, the form kafkajs takes a broker in. */
export function isBrokerAddress(address: string): boolean {
  const match = /^([^\s,/]+):(\d{1,5})$/.exec(address);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
}

/** What a `KAFKA_BROKERS` refusal says is allowed. */
export const BROKER_LIST_ALLOWED = 'comma-separated host:port addresses, e.g. 127.0.0.1:9092,127.0.0.1:9094';

/**
 * Parses `KAFKA_BROKERS` (comma-separated `host:port`): the brokers in it, or `DEFAULT_BROKERS` when it is unset
 * or empty. Throws `ConfigError` naming the variable when an entry is not `host:port`. An explicit parser: entry
 * points call it with `process.env`; the only library code that does is `createKafka`'s default for `brokers`.
 */
export function brokersFromEnv(env: NodeJS.ProcessEnv): string[] {
  const raw = env.KAFKA_BROKERS;
  if (!raw?.trim()) return [...DEFAULT_BROKERS];
  const brokers = raw.split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0 || !brokers.every(isBrokerAddress)) throw new ConfigError('KAFKA_BROKERS', raw, BROKER_LIST_ALLOWED);
  return brokers;
}

/**
 * Parses `PUCHI_KAFKAJS_PATCHES`: `off` builds clients as kafkajs ships them (its socket factory, its request
 * queue), only for measuring what the two changes below are worth (`npm run bench:variant`, bench/README.md).
 */
export function kafkajsPatchesFromEnv(env: NodeJS.ProcessEnv): boolean {
  const raw = env.PUCHI_KAFKAJS_PATCHES?.trim();
  if (!raw || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError('PUCHI_KAFKAJS_PATCHES', env.PUCHI_KAFKAJS_PATCHES, 'on or off');
}

/** Routes kafkajs's own log lines into our structured logger instead of its console format. */
function kafkajsLogCreator(logger: Logger): logCreator {
  return () => ({ level, log }) => {
    const { message, ...fields } = log;
    const line = { ...fields, component: 'kafkajs' };
    if (level === KafkaLogLevel.ERROR) logger.error(message, line);
    else if (level === KafkaLogLevel.WARN) logger.warn(message, line);
    else if (level === KafkaLogLevel.INFO) logger.debug(message, line);
  };
}

export interface CreateKafkaOptions extends Partial<Omit<KafkaConfig, 'logCreator' | 'brokers'>> {
  /** Shows up in the broker's request logs and in consumer group member ids. */
  clientId: string;
  /**
   * Bootstrap brokers. Default: `KAFKA_BROKERS` from the environment (`brokersFromEnv`), else `DEFAULT_BROKERS`.
   * The one environment default of the library, kept here on purpose: the test harness, `npm start` and the
   * benchmarks point every client of a process (and of its children) at their broker by setting `KAFKA_BROKERS`.
   */
  brokers?: string[];
  /**
   * Our kafkajs changes (a socket factory without Nagle, the request queue and fetch recovery patches). Default: on, unless
   * `PUCHI_KAFKAJS_PATCHES=off` in the environment (`kafkajsPatchesFromEnv`), read here with `brokers` so that
   * `npm run bench:variant` reaches every process it starts.
   */
  kafkajsPatches?: boolean;
  /** Where kafkajs's own log lines go. Default: a logger at `info` named after `clientId`. */
  logger?: Logger;
  /**
   * SASL credentials. Default: `KAFKA_SASL_MECHANISM`, `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD` from the
   * environment (`securityFromEnv`), else none. Read here with `brokers` for the same reason: whoever starts a
   * process hands it its principal by setting them (`npm start -- --secure` gives each process its own).
   */
  sasl?: KafkaConfig['sasl'];
  /** TLS. Default: `KAFKA_SSL` and the `KAFKA_SSL_*_FILE` variables (`securityFromEnv`), else plaintext. */
  ssl?: KafkaConfig['ssl'];
}

/**
 * kafkajs's socket factory with Nagle's algorithm off. kafkajs leaves it on (the Java client turns it off):
 * a small request written while an earlier one is unacknowledged then waits for the broker's delayed ACK.
 */
const noDelaySocketFactory: NonNullable<KafkaConfig['socketFactory']> = ({ host, port, ssl, onConnect }) => {
  const socket = ssl ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...ssl }, onConnect) : net.connect({ host, port }, onConnect);
  socket.setKeepAlive(true, 60_000);
  socket.setNoDelay(true);
  return socket;
};

/**
 * The one place a kafkajs client is built, so every process shares the same defaults. It is also the one place
 * in the library that consults the environment, and only for an option it was not given (`brokers`,
 * `kafkajsPatches`, `sasl`, `ssl`); a bad value there is refused with a `ConfigError`.
 */
export function createKafka(options: CreateKafkaOptions): Kafka {
  const { logger = createLogger({ service: options.clientId }), brokers, kafkajsPatches, sasl, ssl, ...config } = options;
  // eslint-disable-next-line no-restricted-properties -- the documented defaults of `brokers`, `kafkajsPatches`, `sasl` and `ssl` (see above)
  const env = process.env;
  const patched = kafkajsPatches ?? kafkajsPatchesFromEnv(env);
  if (patched) {
    patchKafkaJsRequestQueue();
    patchKafkaJsFetchRecovery();
  }
  const security = sasl !== undefined && ssl !== undefined ? {} : securityFromEnv(env);
  return new Kafka({
    brokers: brokers ?? brokersFromEnv(env),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    logLevel: KafkaLogLevel.WARN,
    ...(patched ? { socketFactory: noDelaySocketFactory } : {}),
    ...config,
    sasl: sasl ?? security.sasl,
    ssl: ssl ?? security.ssl,
    logCreator: kafkajsLogCreator(logger),
  });
}
