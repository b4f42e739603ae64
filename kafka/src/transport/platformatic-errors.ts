import { AuthenticationError, AuthorizationError, BrokerUnavailableError, PuchiKafkaError, UnknownTopicError, type AuthorizationResource } from '../errors';

/** What @platformatic/kafka's errors carry: a `code` (`PLT_KFK_*`), a protocol `apiId`, nested `errors` and `cause`. */
interface PlatformaticLike {
  code?: string;
  apiId?: string;
  canRetry?: boolean;
  errors?: unknown[];
  cause?: unknown;
}

/** Every error of a failure: the library wraps retries in `MultipleErrors` (`errors`) and nests reasons under `cause`. */
function* chain(error: unknown, depth = 0): Generator<PlatformaticLike> {
  if (!error || typeof error !== 'object' || depth > 8) return;
  const e = error as PlatformaticLike;
  yield e;
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* chain(inner, depth + 1);
  if (e.cause) yield* chain(e.cause, depth + 1);
}

const has = (error: unknown, test: (e: PlatformaticLike) => boolean) => [...chain(error)].some(test);

const UNAVAILABLE_CODES = new Set(['PLT_KFK_NETWORK', 'PLT_KFK_TIMEOUT']);

const UNAVAILABLE_API_IDS = new Set([
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'COORDINATOR_NOT_AVAILABLE',
  'COORDINATOR_LOAD_IN_PROGRESS',
  'NOT_COORDINATOR',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'KAFKA_STORAGE_ERROR',
]);

const AUTHORIZATION_API_IDS: ReadonlyMap<string, AuthorizationResource> = new Map([
  ['TOPIC_AUTHORIZATION_FAILED', 'topic'],
  ['GROUP_AUTHORIZATION_FAILED', 'group'],
  ['CLUSTER_AUTHORIZATION_FAILED', 'cluster'],
  ['TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'transactional-id'],
]);

/**
 * Turns a @platformatic/kafka failure into one of ours, as `fromKafkaJs` does for kafkajs. Programming errors pass
 * through unchanged.
 */
export function fromPlatformatic(error: unknown, operation: string, topic?: string): unknown {
  if (error instanceof PuchiKafkaError || error instanceof TypeError || error instanceof RangeError) return error;
  if (topic && unknownTopic(error)) return new UnknownTopicError(topic);
  for (const e of chain(error)) {
    if (e.code === 'PLT_KFK_AUTHENTICATION' || e.apiId === 'SASL_AUTHENTICATION_FAILED') return new AuthenticationError(operation, error);
    const resource = e.apiId === undefined ? undefined : AUTHORIZATION_API_IDS.get(e.apiId);
    if (resource) return new AuthorizationError(operation, resource, error, topic);
  }
  if (has(error, (e) => (e.code !== undefined && UNAVAILABLE_CODES.has(e.code)) || (e.apiId !== undefined && UNAVAILABLE_API_IDS.has(e.apiId)))) {
    return new BrokerUnavailableError(operation, error, topic);
  }
  return new PuchiKafkaError(`${operation} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error, retriable: false });
}

/** The topic does not exist (any more). */
export function unknownTopic(error: unknown): boolean {
  return has(error, (e) => e.apiId === 'UNKNOWN_TOPIC_OR_PARTITION' || e.apiId === 'UNKNOWN_TOPIC_ID');
}

/** The fetch position is outside the partition's log (deleted by retention, or past its end after a truncation). */
export function offsetOutOfRange(error: unknown): boolean {
  return has(error, (e) => e.apiId === 'OFFSET_OUT_OF_RANGE');
}

/** A failure worth trying again: the broker or the network, not us. */
export function retriable(error: unknown): boolean {
  const ours = fromPlatformatic(error, 'probe');
  return ours instanceof PuchiKafkaError && ours.retriable;
}
