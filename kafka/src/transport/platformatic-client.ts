import type { BaseOptions, SASLMechanismValue } from '@platformatic/kafka';
import type { ConnectionOptions } from 'node:tls';
import type { ClientSecurity } from '../client-security';

/**
 * @platformatic/kafka 2.x declares Node >= 22 and calls `Promise.withResolvers` (Node 22) on every request
 * (apis/callbacks.js); it is the only Node 22 API it uses, so Node 20 gets the standard's own definition.
 */
export function ensurePromiseWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: unknown };
  if (typeof P.withResolvers === 'function') return;
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const SASL_MECHANISMS: Record<string, SASLMechanismValue> = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' };

/** What every @platformatic/kafka client of one bus shares: brokers, credentials, timeouts. */
export interface PlatformaticClientOptions {
  clientId: string;
  brokers: string[];
  security?: ClientSecurity;
}

/** The base options of a client (producer, consumer) from ours: the same timeouts as `createKafka` gives kafkajs. */
export function baseOptions(options: PlatformaticClientOptions, clientId = options.clientId): BaseOptions {
  const { sasl, ssl } = options.security ?? {};
  return {
    clientId,
    bootstrapBrokers: options.brokers,
    connectTimeout: 3000,
    // kafkajs's requestTimeout is 30 s; a request here also carries the fetch's own wait, well under it.
    requestTimeout: 30000,
    autocreateTopics: false,
    ...(sasl && 'username' in sasl && 'password' in sasl
      ? { sasl: { mechanism: SASL_MECHANISMS[sasl.mechanism] ?? 'PLAIN', username: String(sasl.username), password: String(sasl.password) } }
      : {}),
    ...(ssl ? { tls: ssl === true ? {} : (ssl as ConnectionOptions) } : {}),
  };
}
