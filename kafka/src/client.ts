import net from 'node:net';
import tls from 'node:tls';
import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import { createLogger, type Logger } from './log';
import { patchKafkaJsRequestQueue } from './transport/kafkajs-request-queue-patch';

/** The broker list every process uses unless told otherwise: `KAFKA_BROKERS` (comma-separated), or the local launcher's default. */
export function brokersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.KAFKA_BROKERS?.trim();
  if (!raw) return ['127.0.0.1:9092'];
  return raw.split(',').map((b) => b.trim()).filter(Boolean);
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

export interface CreateKafkaOptions extends Partial<Omit<KafkaConfig, 'logCreator'>> {
  /** Shows up in the broker's request logs and in consumer group member ids. */
  clientId: string;
  logger?: Logger;
}

/**
 * `PUCHI_KAFKAJS_PATCHES=off` builds clients as kafkajs ships them (its socket factory, its request queue):
 * only for measuring what the two changes below are worth (`npm run bench:variant`, bench/README.md).
 */
function kafkajsAsShipped(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.PUCHI_KAFKAJS_PATCHES === 'off';
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
 * The one place a kafkajs client is built, so every process shares the same defaults.
 */
export function createKafka(options: CreateKafkaOptions): Kafka {
  const { logger = createLogger({ service: options.clientId }), ...config } = options;
  const asShipped = kafkajsAsShipped();
  if (!asShipped) patchKafkaJsRequestQueue();
  return new Kafka({
    brokers: brokersFromEnv(),
    connectionTimeout: 3000,
    requestTimeout: 30000,
    logLevel: KafkaLogLevel.WARN,
    ...(asShipped ? {} : { socketFactory: noDelaySocketFactory }),
    ...config,
    logCreator: kafkajsLogCreator(logger),
  });
}
