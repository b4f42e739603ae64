import type { IncomingMessage } from 'node:http';
import { ERROR_CODES, parseIdempotencyKey, type SubgraphContext } from '@puchi/subgraph-kit';
import { GraphQLError } from 'graphql';

/** The per-request context: what subgraph resolvers get, plus what the gateway forwards to remote subgraphs. */
export type GatewayContext = SubgraphContext & {
  /** The raw Authorization header, forwarded to standalone subgraph servers. */
  authorization?: string;
};

export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The HTTP header a client names a write with (the IETF `Idempotency-Key` draft), lower-cased as Node gives it. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/**
 * The request's `Idempotency-Key`, if any. A malformed one is the client's mistake, answered before anything
 * runs: 400 with BAD_USER_INPUT naming the header.
 */
export function idempotencyKeyOf(req: IncomingMessage): string | undefined {
  try {
    return parseIdempotencyKey(headerOf(req, IDEMPOTENCY_KEY_HEADER));
  } catch (error) {
    throw new GraphQLError(error instanceof Error ? error.message : String(error), { extensions: { code: ERROR_CODES.badUserInput, http: { status: 400 } } });
  }
}
