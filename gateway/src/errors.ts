import { ERROR_CODES } from '@puchi/subgraph-kit';

/**
 * The `extensions.code` of every error the gateway reports itself, outside its limits (those are `LIMIT_CODES`
 * in `./limits/codes.ts`). Stable: clients act on them. The codes it shares with the domains (BAD_USER_INPUT,
 * NOT_FOUND, UNAUTHENTICATED, SERVICE_UNAVAILABLE, INTERNAL_SERVER_ERROR…) are the kit's `ERROR_CODES`, taken as
 * they are rather than written twice; the rest are the gateway's own and Apollo Server's request errors.
 */
export const GATEWAY_CODES = {
  ...ERROR_CODES,
  /** Apollo Server's, and ours for a subscription's document over WebSocket. */
  parseFailed: 'GRAPHQL_PARSE_FAILED',
  validationFailed: 'GRAPHQL_VALIDATION_FAILED',
  /** Apollo Server's (automatic persisted queries). */
  persistedQueryNotFound: 'PERSISTED_QUERY_NOT_FOUND',
  persistedQueryNotSupported: 'PERSISTED_QUERY_NOT_SUPPORTED',
  operationResolutionFailure: 'OPERATION_RESOLUTION_FAILURE',
  /** HTTP: a client mistake Apollo Server gives no code, a body that is not JSON (a body over the limit is `LIMIT_CODES.payload`). */
  badRequest: 'BAD_REQUEST',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  /** HTTP: a REST route (`gateway/src/rest`) asked with a method it does not answer (405, with `Allow`). */
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  /** The console (`gateway/src/console`): a dead letter that was re-driven already (409). */
  alreadyRedriven: 'ALREADY_REDRIVEN',
  /** WebSocket: more subscriptions on one connection than allowed. */
  tooManySubscriptions: 'TOO_MANY_SUBSCRIPTIONS',
} as const;

export type GatewayCode = (typeof GATEWAY_CODES)[keyof typeof GATEWAY_CODES];
