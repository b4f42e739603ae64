import { isRetriable, RemoteError, RequestTimeoutError } from '@puchi/kafka';
import { GraphQLError } from 'graphql';
import { DomainError, ERROR_CODES, type ErrorCode } from './errors';

const GRAPHQL_CODES: ReadonlySet<string> = new Set(Object.values(ERROR_CODES));

/** The GraphQL code and client-facing message a failure carries: a domain error's, thrown here or sent back by a domain service. */
function codeOf(error: unknown): { code: ErrorCode; message: string } | undefined {
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  // A responder's code is passed on only when it is one of ours; any other (INTERNAL, SQLITE_BUSY…) is an internal detail.
  if (error instanceof RemoteError && GRAPHQL_CODES.has(error.code)) return { code: error.code as ErrorCode, message: error.remoteMessage };
  return undefined;
}

/**
 * Says retriable (`retriable: true`, not a programming error) rather than leaving it unsaid: an unknown failure
 * is retried by a retry loop, but is not reported to a client as worth retrying.
 */
function saysRetriable(error: unknown): boolean {
  return isRetriable(error) && (error as { retriable?: unknown }).retriable === true;
}

/**
 * What a resolver throws for any failure of a call to a domain service, decided by the failure's code and
 * `retriable` flag. A GraphQL code (a domain error, or one a domain service sent back) is kept with its message;
 * a failure that says it is retriable (a transport failure: no responder, broker unavailable, client closed, or a
 * service that answered "try again") is SERVICE_UNAVAILABLE, a timeout SERVICE_TIMEOUT, both with the service
 * named and `retriable: true`; anything else is INTERNAL_SERVER_ERROR without internals (the cause stays in
 * `originalError` for logs).
 */
export function toGraphQLError(error: unknown, service: string): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const make = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}) =>
    new GraphQLError(message, { extensions: { code, ...extra }, originalError: error instanceof Error ? error : undefined });

  const coded = codeOf(error);
  if (coded) return make(coded.code, coded.message);
  if (saysRetriable(error)) {
    return error instanceof RequestTimeoutError
      ? make(ERROR_CODES.serviceTimeout, `the ${service} service did not answer in time`, { service, retriable: true })
      : make(ERROR_CODES.serviceUnavailable, `the ${service} service is unavailable`, { service, retriable: true });
  }
  return make(ERROR_CODES.internal, `the ${service} service failed`, { service });
}
