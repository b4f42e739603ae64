import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { GATEWAY_CODES } from '../errors';
import { LIMIT_CODES } from './codes';
import { withTokenCode } from './tokens';

/**
 * Codes whose message is written for the client: the domains' (`subgraphs/kit` errors), the limits', and
 * Apollo Server's request errors. Anything else, INTERNAL_SERVER_ERROR included, is masked in production.
 */
export const CLIENT_SAFE_CODES: ReadonlySet<string> = new Set<string>([
  GATEWAY_CODES.badUserInput,
  GATEWAY_CODES.notFound,
  GATEWAY_CODES.unauthenticated,
  GATEWAY_CODES.forbidden,
  GATEWAY_CODES.serviceUnavailable,
  GATEWAY_CODES.serviceTimeout,
  GATEWAY_CODES.parseFailed,
  GATEWAY_CODES.validationFailed,
  GATEWAY_CODES.persistedQueryNotFound,
  GATEWAY_CODES.persistedQueryNotSupported,
  GATEWAY_CODES.operationResolutionFailure,
  GATEWAY_CODES.badRequest,
  ...Object.values(LIMIT_CODES),
]);

/** Extension keys a masked error keeps besides `code`: hints a client acts on (`circuit`: the gateway refused the call without trying). */
const SAFE_EXTENSIONS = ['retryAfterSeconds', 'retriable', 'circuit'] as const;

export interface FormatErrorOptions {
  /** Production: unknown codes become "internal error", and only `code` and the safe hints stay in `extensions`. */
  mask: boolean;
}

const LIMIT_CODE_SET: ReadonlySet<string> = new Set(Object.values(LIMIT_CODES));

/**
 * Apollo Server wraps a validation rule's error in its own with GRAPHQL_VALIDATION_FAILED; a limit's
 * rejection keeps the limit's code (the wrapped error is its `originalError`).
 */
export function withLimitCode(formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError {
  const inner = original instanceof GraphQLError ? original.originalError : undefined;
  const code = inner instanceof GraphQLError ? inner.extensions.code : undefined;
  if (typeof code !== 'string' || !LIMIT_CODE_SET.has(code) || formatted.extensions?.code === code) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code } };
}

/**
 * Apollo Server answers some client mistakes (a persisted query hash that does not match its query, an unknown
 * persisted query version) with a 400 but no code, which would read INTERNAL_SERVER_ERROR: BAD_REQUEST.
 */
export function withClientErrorCode(formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError {
  if (!(original instanceof GraphQLError) || original.extensions.code !== undefined) return formatted;
  const status = (original.extensions.http as { status?: number } | undefined)?.status;
  if (status === undefined || status < 400 || status >= 500) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: GATEWAY_CODES.badRequest } };
}

/** Apollo Server's `formatError` for the gateway. The original error stays in the logs, never in the response. */
export function createFormatError(options: FormatErrorOptions): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, original) => {
    const error = withTokenCode(withLimitCode(withClientErrorCode(formatted, original), original));
    if (!options.mask) return error;
    const code = typeof error.extensions?.code === 'string' ? error.extensions.code : GATEWAY_CODES.internal;
    const where = { ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}) };
    if (!CLIENT_SAFE_CODES.has(code)) return { message: 'internal error', ...where, extensions: { code: GATEWAY_CODES.internal } };
    const hints = Object.fromEntries(SAFE_EXTENSIONS.filter((k) => error.extensions?.[k] !== undefined).map((k) => [k, error.extensions![k]]));
    return { message: error.message, ...where, extensions: { code, ...hints } };
  };
}
