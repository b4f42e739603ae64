import type { Kafka } from 'kafkajs';
import { createKafka } from '../client';
import { silentLogger, type Logger } from '../log';
import type { ConsumerSettings, MessageBus, ProducerSettings } from './port';
import { adminPort } from './kafkajs-admin';
import { consumerPort } from './kafkajs-consumer';
import { producerPort } from './kafkajs-producer';

/** The `MessageBus` over one kafkajs client. */
export function kafkaJsBus(kafka: Kafka, logger: Logger = silentLogger): MessageBus {
  return {
    producer: (settings: ProducerSettings = {}) => {
      const idempotent = settings.idempotent ?? false;
      const acks = idempotent ? -1 : (settings.acks ?? -1);
      return producerPort(kafka, { idempotent, acks, retryBudgetMs: settings.retryBudgetMs }, logger);
    },
    consumer: (settings: ConsumerSettings) => consumerPort(kafka, settings, logger),
    admin: () => adminPort(kafka),
  };
}

export interface CreateBusOptions {
  /** Shows up in broker logs and group member ids. */
  clientId: string;
  /** Default: `KAFKA_BROKERS` or the local broker (see `brokersFromEnv`). */
  brokers?: string[];
  /** Default: a silent logger. */
  logger?: Logger;
}

/** A bus on a fresh kafkajs client built with the project's defaults (`createKafka`). */
export function createBus(options: CreateBusOptions): MessageBus {
  const logger = options.logger ?? silentLogger;
  const kafka = createKafka({ clientId: options.clientId, logger, ...(options.brokers ? { brokers: options.brokers } : {}) });
  return kafkaJsBus(kafka, logger);
}
