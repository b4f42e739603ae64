import { createKafka } from '../client';
import { silentLogger, type Logger } from '../log';
import { adminPort } from './kafkajs-admin';
import type { ConsumerSettings, MessageBus, ProducerSettings } from './port';
import { ensurePromiseWithResolvers, type PlatformaticClientOptions } from './platformatic-client';
import { platformaticConsumerPort } from './platformatic-consumer';
import { platformaticProducerPort } from './platformatic-producer';

/**
 * The `MessageBus` on @platformatic/kafka (`KAFKA_CLIENT=platformatic`): its own producer and consumer; the admin
 * side is still kafkajs's (`adminPort`), built from the same brokers and credentials, since no admin call is on a
 * request's path (docs/kafka-client-trial.md).
 */
export function platformaticBus(options: PlatformaticClientOptions, logger: Logger = silentLogger): MessageBus {
  ensurePromiseWithResolvers();
  let adminClient: ReturnType<typeof createKafka> | undefined;
  return {
    producer: (settings: ProducerSettings = {}) => {
      const idempotent = settings.idempotent ?? false;
      const acks = idempotent ? -1 : (settings.acks ?? -1);
      return platformaticProducerPort(options, { idempotent, acks, retryBudgetMs: settings.retryBudgetMs }, logger);
    },
    consumer: (settings: ConsumerSettings) => platformaticConsumerPort(options, settings, logger),
    admin: () => {
      adminClient ??= createKafka({ clientId: options.clientId, brokers: options.brokers, logger, sasl: options.security?.sasl, ssl: options.security?.ssl ?? false });
      return adminPort(adminClient);
    },
  };
}
