/**
 * Every failure the request/reply and event library reports, in kafkajs style: one base class with a
 * `retriable` flag (callers and retry loops read it through `isRetriable`; never parse messages) and a `cause`,
 * then one small class per failure carrying its context. Programming errors (TypeError, RangeError) are never
 * wrapped. The only codes of this layer are those of the wire's error replies: `RPC_ERROR_CODES` in `rpc/protocol.ts`.
 */
export class PuchiKafkaError extends Error {
  /** True when the same call may succeed if tried again later. */
  readonly retriable: boolean;
  override readonly cause?: unknown;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message);
    this.name = 'PuchiKafkaError';
    this.retriable = options.retriable ?? true;
    this.cause = options.cause;
  }
}

/** The reply did not arrive before the caller's deadline. Retriable: the responder may just be slow or rebalancing. */
export class RequestTimeoutError extends PuchiKafkaError {
  constructor(
    readonly topic: string,
    readonly correlationId: string,
    readonly timeoutMs: number,
  ) {
    super(`no reply on "${topic}" within ${timeoutMs} ms (correlationId ${correlationId})`, { retriable: true });
    this.name = 'RequestTimeoutError';
  }
}

/** Why nobody can answer a topic: it does not exist, or no consumer group member is assigned to it. */
export type NoResponderReason = 'topic-missing' | 'no-group-member';

/**
 * Nobody answers this topic. Retriable: a service may come up; a gateway should fail fast
 * (and maybe open a circuit) rather than wait out every deadline.
 */
export class NoResponderError extends PuchiKafkaError {
  constructor(
    readonly topic: string,
    readonly reason: NoResponderReason,
    readonly correlationId?: string,
  ) {
    super(`no responder for "${topic}": ${reason === 'topic-missing' ? 'the topic does not exist' : 'no consumer group member is assigned to it'}`, {
      retriable: true,
    });
    this.name = 'NoResponderError';
  }
}

/** The responder's handler failed; `code` and `remoteMessage` are what it sent back (`kafka_nest-err`). */
export class RemoteError extends PuchiKafkaError {
  constructor(
    readonly topic: string,
    readonly correlationId: string,
    /** The responder's error code (`INTERNAL` when it sent none). */
    readonly code: string,
    readonly remoteMessage: string,
    /** The responder says whether retrying can help; default false (the same input usually fails the same way). */
    retriable = false,
  ) {
    super(`"${topic}" answered with error ${code}: ${remoteMessage}`, { retriable });
    this.name = 'RemoteError';
  }
}

/** The broker could not be reached or refused the write after kafkajs's own retries. */
export class BrokerUnavailableError extends PuchiKafkaError {
  constructor(
    readonly operation: string,
    cause: unknown,
    readonly topic?: string,
    /** What a person can check, when the failure suggests it (see `fromKafkaJs`). */
    readonly hint?: string,
  ) {
    super(`broker unavailable during ${operation}${topic ? ` on "${topic}"` : ''}: ${cause instanceof Error ? cause.message : String(cause)}${hint ? ` (${hint})` : ''}`, {
      retriable: true,
      cause,
    });
    this.name = 'BrokerUnavailableError';
  }
}

/**
 * The broker refused the client's credentials (SASL). Not retriable: the same username and password fail the
 * same way until someone changes one of them.
 */
export class AuthenticationError extends PuchiKafkaError {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(`authentication failed during ${operation}: ${cause instanceof Error ? cause.message : String(cause)} (check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD)`, {
      retriable: false,
      cause,
    });
    this.name = 'AuthenticationError';
  }
}

/** What an ACL refusal was about, from the broker's error code. */
export type AuthorizationResource = 'topic' | 'group' | 'cluster' | 'transactional-id';

/**
 * The broker's authorizer refused the operation: the client's principal has no ACL for it. Not retriable: it is
 * refused the same way until someone grants it (this system's own principals get theirs from the declared topology: README, "Secure broker").
 */
export class AuthorizationError extends PuchiKafkaError {
  constructor(
    readonly operation: string,
    readonly resource: AuthorizationResource,
    cause: unknown,
    readonly topic?: string,
  ) {
    super(`not authorized: ${operation}${topic ? ` on "${topic}"` : ''} was refused by the broker's ACLs (${resource}): ${cause instanceof Error ? cause.message : String(cause)}`, {
      retriable: false,
      cause,
    });
    this.name = 'AuthorizationError';
  }
}

/** The client or responder was closed (or not started) when the call was made or while it waited. */
export class ClosedError extends PuchiKafkaError {
  constructor(
    readonly component: string,
    readonly correlationId?: string,
  ) {
    super(`${component} is ${correlationId ? 'closed; request ' + correlationId + ' abandoned' : 'not running'}`, { retriable: true });
    this.name = 'ClosedError';
  }
}

/** A record could not be decoded (bad JSON, missing value, invalid envelope). Never retriable: it is poison. */
export class DecodeError extends PuchiKafkaError {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`cannot decode ${topic}[${partition}]@${offset}: ${reason}`, { retriable: false, cause });
    this.name = 'DecodeError';
  }
}

/**
 * A request names a reply topic its responder may not write to (see `isAllowedReplyTopic`): neither its own
 * `<topic>.reply` nor a client reply topic of an allowed prefix. Never retriable: it is refused the same way every time.
 */
export class ReplyTopicNotAllowedError extends PuchiKafkaError {
  constructor(
    readonly topic: string,
    readonly replyTopic: string,
  ) {
    super(`a request on "${topic}" names reply topic ${JSON.stringify(replyTopic)}, which is neither "${topic}.reply" nor a reply topic of an allowed client prefix`, { retriable: false });
    this.name = 'ReplyTopicNotAllowedError';
  }
}

/** A group's offsets cannot be moved while members are consuming (Kafka refuses it). */
export class GroupActiveError extends PuchiKafkaError {
  constructor(readonly groupId: string) {
    super(`consumer group "${groupId}" has active members; stop them before replaying it from another position`, { retriable: false });
    this.name = 'GroupActiveError';
  }
}

/** Bad configuration: refused at construction with a clear message, as kafkajs does. */
export class InvalidOptionError extends PuchiKafkaError {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`invalid option ${option}: ${message}`, { retriable: false });
    this.name = 'InvalidOptionError';
  }
}

/**
 * A setting from the environment that is not allowed, refused when the process starts (never turned into NaN or
 * a silent default): the message names the variable, the value given and what is allowed. Every process's
 * entry parses its settings once (`brokersFromEnv`, `topologySettingsFromEnv`, `launcherConfigFromEnv`, the
 * service and gateway configurations) and exits 1 with this message.
 */
export class ConfigError extends PuchiKafkaError {
  constructor(
    readonly variable: string,
    /** What the variable holds; `undefined` when a required one is not set. */
    readonly value: string | undefined,
    readonly allowed: string,
  ) {
    super(value === undefined ? `${variable} is not set: ${allowed}` : `${variable}=${JSON.stringify(value)} is not allowed: ${allowed}`, { retriable: false });
    this.name = 'ConfigError';
  }
}

/** The topic does not exist (topics are never auto-created by this library). */
export class UnknownTopicError extends PuchiKafkaError {
  constructor(readonly topic: string) {
    super(`topic "${topic}" does not exist`, { retriable: true });
    this.name = 'UnknownTopicError';
  }
}

/** No dead letter at that partition and offset of a `.DLT` (never written, past its retention, or a re-drive marker). Not retriable. */
export class DeadLetterNotFoundError extends PuchiKafkaError {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
  ) {
    super(`no dead letter at ${topic}[${partition}]@${offset}`, { retriable: false });
    this.name = 'DeadLetterNotFoundError';
  }
}

/** The dead letter was re-driven already (its marker is in the `.DLT`): a second re-drive is refused. Not retriable. */
export class AlreadyRedrivenError extends PuchiKafkaError {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
    readonly redrivenAt: string,
  ) {
    super(`${topic}[${partition}]@${offset} was re-driven at ${redrivenAt}`, { retriable: false });
    this.name = 'AlreadyRedrivenError';
  }
}

/** A retry loop (see `retry.ts`) gave up: `cause` is the last failure. Not retriable, so an outer loop does not multiply the attempts. */
export class RetriesExhaustedError extends PuchiKafkaError {
  constructor(
    /** Attempts made, the first one included. */
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${cause instanceof Error ? cause.message : String(cause)}`, { retriable: false, cause });
    this.name = 'RetriesExhaustedError';
  }
}

/** Bugs, not conditions of the broker or the data: trying again runs the same code into the same bug (kafkajs's list). */
const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError];
const PROGRAMMING_ERROR_NAMES: ReadonlySet<string> = new Set(PROGRAMMING_ERRORS.map((c) => c.name));

export function isProgrammingError(error: unknown): boolean {
  return error instanceof Error && (PROGRAMMING_ERRORS.some((c) => error instanceof c) || PROGRAMMING_ERROR_NAMES.has(error.name));
}

/**
 * Whether the same call may succeed if tried again, as kafkajs's retry decides: never for a programming error,
 * otherwise what the error's `retriable` says. An error that says nothing (a plain `Error`, a database's) counts
 * as retriable, as in kafkajs: only `retriable: false` stops a retry loop at once. Every retry loop of this
 * library decides with this alone.
 */
export function isRetriable(error: unknown): boolean {
  if (isProgrammingError(error)) return false;
  return !(typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === false);
}
