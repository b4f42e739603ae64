import type { IncomingMessage } from 'node:http';
import type { SubgraphContext } from '@puchi/subgraph-kit';

/** The per-request context: what subgraph resolvers get, plus what the gateway forwards to remote subgraphs. */
export type GatewayContext = SubgraphContext & {
  /** The raw Authorization header, forwarded to standalone subgraph servers. */
  authorization?: string;
};

export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The client's address: the socket's, or the first `X-Forwarded-For` hop when the gateway sits behind a trusted proxy. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headerOf(req, 'x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
