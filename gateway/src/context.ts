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
