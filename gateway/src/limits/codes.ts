import { GraphQLError } from 'graphql';

/**
 * The `extensions.code` of every rejection by a limit. Stable: clients act on them. Messages name the limit
 * and the measured value, nothing about the schema or the services behind it.
 */
export const LIMIT_CODES = {
  depth: 'QUERY_TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  rootFields: 'TOO_MANY_ROOT_FIELDS',
  cost: 'QUERY_TOO_COSTLY',
  tokens: 'TOO_MANY_TOKENS',
  directives: 'TOO_MANY_DIRECTIVES',
  payload: 'PAYLOAD_TOO_LARGE',
  batching: 'BATCHING_DISABLED',
  batchSize: 'BATCH_TOO_LARGE',
  rateLimited: 'RATE_LIMITED',
  notAllowed: 'OPERATION_NOT_ALLOWED',
} as const;

export type LimitCode = (typeof LIMIT_CODES)[keyof typeof LIMIT_CODES];

/** A rejection as a GraphQL error with its code and HTTP status (400 unless said otherwise). */
export function limitError(code: LimitCode, message: string, options: { status?: number; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {}): GraphQLError {
  const headers = options.headers ? new Map(Object.entries(options.headers)) : undefined;
  return new GraphQLError(message, {
    extensions: { code, ...options.extensions, http: { status: options.status ?? 400, ...(headers ? { headers } : {}) } },
  });
}
