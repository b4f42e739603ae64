import { brokersFromEnv, createKafka } from '../client';
import { securityFromEnv } from '../client-security';
import { ConfigError } from '../errors';
import { silentLogger, type Logger } from '../log';
import { kafkaJsBus } from './kafkajs';
import { platformaticBus } from './platformatic';
import type { MessageBus } from './port';

/** The Kafka client libraries a bus can run on. */
export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];

/**
 * Parses `KAFKA_CLIENT`: `kafkajs` (the default, also when unset or blank) or `platformatic` (@platformatic/kafka,
 * on trial: docs/kafka-client-trial.md). Throws `ConfigError` naming the variable otherwise.
 */
export function kafkaClientFromEnv(env: NodeJS.ProcessEnv): KafkaClientName {
  const raw = env.KAFKA_CLIENT?.trim();
  if (!raw) return 'kafkajs';
  if ((KAFKA_CLIENTS as readonly string[]).includes(raw)) return raw as KafkaClientName;
  throw new ConfigError('KAFKA_CLIENT', env.KAFKA_CLIENT, KAFKA_CLIENTS.join(' or '));
}

export interface CreateBusOptions {
  /** Shows up in broker logs and group member ids. */
  clientId: string;
  /** Default: `KAFKA_BROKERS` or the local broker (see `brokersFromEnv`). */
  brokers?: string[];
  /** Default: a silent logger. */
  logger?: Logger;
  /** Default: `KAFKA_CLIENT` from the environment (`kafkaClientFromEnv`), else kafkajs. */
  client?: KafkaClientName;
}

/**
 * A bus on a fresh client built with the project's defaults: kafkajs (`createKafka`), or @platformatic/kafka when
 * `KAFKA_CLIENT=platformatic`. The environment is read here, as `createKafka` reads `KAFKA_BROKERS`, so that a
 * variable set for `npm start`, the tests or `npm run bench:variant` reaches every process they start.
 */
export function createBus(options: CreateBusOptions): MessageBus {
  const logger = options.logger ?? silentLogger;
  // eslint-disable-next-line no-restricted-properties -- the documented default of `client` (see above), as `createKafka` reads `brokers`
  const env = process.env;
  const client = options.client ?? kafkaClientFromEnv(env);
  if (client === 'platformatic') {
    return platformaticBus({ clientId: options.clientId, brokers: options.brokers ?? brokersFromEnv(env), security: securityFromEnv(env) }, logger);
  }
  const kafka = createKafka({ clientId: options.clientId, logger, ...(options.brokers ? { brokers: options.brokers } : {}) });
  return kafkaJsBus(kafka, logger);
}
