import type { ZodError } from 'zod';

/**
 * Errors a domain service throws on purpose. Each carries a stable `code` that crosses the Kafka wire in the
 * error reply (`kafka_nest-err`) and becomes `extensions.code` in the GraphQL response, so a client can act on
 * it without parsing messages, and `retriable: false`. Anything else a handler throws is reported as
 * INTERNAL_SERVER_ERROR, or SERVICE_UNAVAILABLE when it says it is retriable (see `toGraphQLError`).
 *
 * `ERROR_CODES` is the one list of the GraphQL `extensions.code`s the domains and the gateway share.
 */
export const ERROR_CODES = {
  badUserInput: 'BAD_USER_INPUT',
  notFound: 'NOT_FOUND',
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  serviceUnavailable: 'SERVICE_UNAVAILABLE',
  serviceTimeout: 'SERVICE_TIMEOUT',
  internal: 'INTERNAL_SERVER_ERROR',
  /** The `Idempotency-Key` of an earlier write came with another request (docs/architecture.md, "Idempotent writes"). */
  idempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class DomainError extends Error {
  /** Domain errors are about the input or the caller: the same call fails the same way. */
  readonly retriable = false;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** graphql-js copies an original error's `extensions` into the GraphQL error, so a resolver can simply throw this. */
  get extensions(): { code: ErrorCode } {
    return { code: this.code };
  }
}

/** Names the field and the problem: `score: must be between 0 and 100`. */
export class BadUserInputError extends DomainError {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(ERROR_CODES.badUserInput, `${field}: ${problem}`);
  }
}

export class NotFoundError extends DomainError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(ERROR_CODES.notFound, `${entity} "${id}" does not exist`);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'sign in to do this') {
    super(ERROR_CODES.unauthenticated, message);
  }
}

/** The same idempotency key with another payload: not a repeat, and not done. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor(readonly key: string) {
    super(ERROR_CODES.idempotencyKeyReused, `the Idempotency-Key "${key}" was used for another request; use a new key for a new request`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'you may not do this') {
    super(ERROR_CODES.forbidden, message);
  }
}

/**
 * An event whose payload does not match its contract. Thrown by a reaction (or a zod schema's `parse` in one)
 * or by a projection refusing a payload, it sends the event to `<topic>.DLT` at once, without retries:
 * retrying cannot fix a payload.
 */
export class InvalidEventError extends Error {
  /** Read by the event subscriber's retry loop: dead-letter at once. */
  readonly retriable = false;
  constructor(readonly problem: string) {
    super(`invalid event payload: ${problem}`);
    this.name = 'InvalidEventError';
  }
}

/** Every problem of a zod failure, as `field: message; …` (`payload` when the whole value is wrong). */
export function zodProblems(error: ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
}

/**
 * The store did not reach what a request needs before its deadline (its own event, or the end of the topic when
 * this instance took over a partition). The write, if any, is on the topic: a retry with the same idempotency key
 * answers it without doing it twice.
 */
export class ProjectionLagError extends Error {
  readonly code = ERROR_CODES.serviceUnavailable;
  readonly retriable = true;
  constructor(
    readonly domain: string,
    readonly waitingFor: string,
  ) {
    super(`the ${domain} store did not reach ${waitingFor} in time; try again`);
    this.name = 'ProjectionLagError';
  }
}

/** The store stopped at an event it cannot apply (see `startProjection`), or is closing. */
export class ProjectionHaltedError extends Error {
  readonly code = ERROR_CODES.serviceUnavailable;
  readonly retriable = true;
  constructor(
    readonly domain: string,
    readonly halt: { topic: string; partition: number; offset: string; eventId?: string } | undefined,
  ) {
    super(halt ? `the ${domain} store stopped at ${halt.topic}[${halt.partition}]@${halt.offset}${halt.eventId ? ` (event ${halt.eventId})` : ''}` : `the ${domain} store is closing`);
    this.name = 'ProjectionHaltedError';
  }
}
