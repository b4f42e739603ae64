import { ERROR_CODES } from '@puchi/subgraph-kit';
import { GraphQLError } from 'graphql';

/** What `/api/services/status` and `puchi_circuit_state` report per domain. */
export type CircuitStateName = 'closed' | 'half-open' | 'open';

/**
 * A call the gateway did not send: its domain's circuit is open (or half-open, its one probe in flight). For the
 * client it is SERVICE_UNAVAILABLE like a service that is down, on the field that needed the service while the
 * rest of the response resolves, with `circuit: "open"` saying the gateway refused it without waiting, and
 * `retryAfterSeconds` until it lets a probe through. Already a `GraphQLError`: the kit's `toGraphQLError` passes
 * it on as it is, and production masking keeps `circuit`, `retriable` and `retryAfterSeconds`.
 */
export class CircuitOpenError extends GraphQLError {
  /** Worth retrying: after `retryAfterSeconds` a probe may find the service back. */
  readonly retriable = true;

  constructor(
    readonly domain: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`the ${domain} service is unavailable (circuit open after repeated failures)`, {
      extensions: { code: ERROR_CODES.serviceUnavailable, service: domain, retriable: true, circuit: 'open', retryAfterSeconds },
    });
    this.name = 'CircuitOpenError';
  }
}
