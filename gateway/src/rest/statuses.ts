import { GATEWAY_CODES } from '../errors';
import { LIMIT_CODES } from '../limits/codes';

/**
 * The HTTP status of a REST answer whose GraphQL result carries an error Apollo Server answered with 200 (a
 * resolver's). Errors Apollo Server gives a status itself (a bad token 401, the rate limit 429, a limit or a
 * variable 400) keep it. A code not listed is a 500: the server could not say what went wrong.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  ...Object.fromEntries(Object.values(LIMIT_CODES).map((code) => [code, 400])),
  [LIMIT_CODES.payload]: 413,
  [LIMIT_CODES.rateLimited]: 429,
  [GATEWAY_CODES.badUserInput]: 400,
  [GATEWAY_CODES.badRequest]: 400,
  [GATEWAY_CODES.parseFailed]: 400,
  [GATEWAY_CODES.validationFailed]: 400,
  [GATEWAY_CODES.operationResolutionFailure]: 400,
  [GATEWAY_CODES.persistedQueryNotFound]: 400,
  [GATEWAY_CODES.persistedQueryNotSupported]: 400,
  [GATEWAY_CODES.unauthenticated]: 401,
  [GATEWAY_CODES.forbidden]: 403,
  [GATEWAY_CODES.notFound]: 404,
  [GATEWAY_CODES.serviceUnavailable]: 503,
  [GATEWAY_CODES.serviceTimeout]: 504,
  [GATEWAY_CODES.internal]: 500,
};

export function statusOfCode(code: unknown): number {
  return (typeof code === 'string' ? STATUS_BY_CODE[code] : undefined) ?? 500;
}
