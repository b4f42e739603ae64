import { BrokerUnavailableError, ClosedError, NoResponderError, RemoteError, RequestTimeoutError } from '@puchi/kafka';
import { GraphQLError } from 'graphql';
import { DomainError, ERROR_CODES, type ErrorCode } from './errors';

const PASSED_THROUGH = new Set<string>(Object.values(ERROR_CODES));

/**
 * What a resolver throws for any failure of a call to a domain service. Transport failures become
 * SERVICE_UNAVAILABLE or SERVICE_TIMEOUT with the service named, a domain error keeps its code and message, and
 * anything else is INTERNAL_SERVER_ERROR without internals (the cause stays in `originalError` for logs).
 */
export function toGraphQLError(error: unknown, service: string): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const make = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}) =>
    new GraphQLError(message, { extensions: { code, ...extra }, originalError: error instanceof Error ? error : undefined });

  if (error instanceof DomainError) return make(error.code, error.message);
  if (error instanceof RemoteError) {
    return PASSED_THROUGH.has(error.code)
      ? make(error.code as ErrorCode, error.remoteMessage)
      : make(ERROR_CODES.internal, `the ${service} service failed`, { service });
  }
  if (error instanceof RequestTimeoutError) return make(ERROR_CODES.serviceTimeout, `the ${service} service did not answer in time`, { service, retriable: true });
  if (error instanceof NoResponderError || error instanceof BrokerUnavailableError || error instanceof ClosedError) {
    return make(ERROR_CODES.serviceUnavailable, `the ${service} service is unavailable`, { service, retriable: true });
  }
  return make(ERROR_CODES.internal, `the ${service} service failed`, { service });
}
