import { AuthenticationError, AuthorizationError, BrokerUnavailableError, PuchiKafkaError, UnknownTopicError, type AuthorizationResource } from '../errors';

interface KafkaJsLike {
  name?: string;
  type?: string;
  cause?: unknown;
  originalError?: unknown;
}

/** kafkajs nests the real reason under `cause` (retries exceeded) or `originalError` (some protocol paths). */
function* chain(error: unknown): Generator<KafkaJsLike> {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    const e = current as KafkaJsLike;
    yield e;
    current = e.cause ?? e.originalError;
  }
}

const UNAVAILABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSLockTimeout',
  // kafkajs's admin keeps one metadata cache for all its calls: calls at the same time on different topics refresh
  // it for their own topic sets, and one can find its topic missing. It holds nothing wrong: asked again, it passes.
  'KafkaJSTopicMetadataNotLoaded',
]);

const UNAVAILABLE_TYPES = new Set(['LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION', 'NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', 'REQUEST_TIMED_OUT', 'NETWORK_EXCEPTION', 'COORDINATOR_NOT_AVAILABLE']);

const AUTHORIZATION_TYPES: ReadonlyMap<string, AuthorizationResource> = new Map([
  ['TOPIC_AUTHORIZATION_FAILED', 'topic'],
  ['GROUP_AUTHORIZATION_FAILED', 'group'],
  ['CLUSTER_AUTHORIZATION_FAILED', 'cluster'],
  ['TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'transactional-id'],
]);

/**
 * A broker that requires SASL (or TLS) answers a client without credentials by closing the connection at its
 * first real request (kafkajs's connect itself succeeds): it reads like an outage unless we say so.
 */
const CLOSED_CONNECTION_HINT =
  'the broker closed the connection; a broker that requires authentication does that to a client without credentials: check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SSL';

/**
 * Turns a kafkajs failure into one of ours. Programming errors pass through unchanged: they are bugs,
 * not broker conditions, and must not look retriable.
 */
export function fromKafkaJs(error: unknown, operation: string, topic?: string): unknown {
  if (error instanceof PuchiKafkaError || error instanceof TypeError || error instanceof RangeError) return error;
  for (const e of chain(error)) {
    if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION' && topic) return new UnknownTopicError(topic);
  }
  for (const e of chain(error)) {
    if (e.name === 'KafkaJSSASLAuthenticationError') return new AuthenticationError(operation, error);
    const resource = e.type === undefined ? undefined : AUTHORIZATION_TYPES.get(e.type);
    if (resource) return new AuthorizationError(operation, resource, error, topic);
  }
  for (const e of chain(error)) {
    if ((e.name && UNAVAILABLE_NAMES.has(e.name)) || (e.type && UNAVAILABLE_TYPES.has(e.type))) {
      const closed = [...chain(error)].some((c) => c.name === 'KafkaJSConnectionClosedError');
      return new BrokerUnavailableError(operation, error, topic, closed ? CLOSED_CONNECTION_HINT : undefined);
    }
  }
  return new PuchiKafkaError(`${operation} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error, retriable: false });
}

/** Partition leadership moved (or is being elected): a client with fresh metadata may succeed at once. */
export function leaderMoved(error: unknown): boolean {
  return [...chain(error)].some((e) => e.type === 'NOT_LEADER_FOR_PARTITION' || e.type === 'LEADER_NOT_AVAILABLE');
}

/** The topic does not exist (any more). */
export function unknownTopic(error: unknown): boolean {
  return [...chain(error)].some((e) => e.type === 'UNKNOWN_TOPIC_OR_PARTITION');
}
