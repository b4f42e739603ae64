import type { Kafka } from 'kafkajs';
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
