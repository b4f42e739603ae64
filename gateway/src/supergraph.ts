import { ApolloGateway, LocalGraphQLDataSource, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { loadSupergraphSdl } from '@puchi/schema';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { Domain } from '@puchi/kafka';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import type { GatewayContext } from './context';

/**
 * Forwards the caller's credentials and trace to a standalone subgraph server, which verifies the token again
 * (it may be reachable by others than the gateway).
 */
class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!('authorization' in context)) return;
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
    request.http?.headers.set('traceparent', context.traceparent);
  }
}

/**
 * The Apollo gateway over the committed supergraph (schema/supergraph.graphql, checked fresh by CI). Each
 * subgraph runs in this process through its module's resolvers, unless `urls` names a standalone server.
 */
export function createApolloGateway(modules: readonly SubgraphModule[], urls: Partial<Record<Domain, string>> = {}): ApolloGateway {
  const byName = new Map(modules.map((m) => [m.name as string, m]));
  return new ApolloGateway({
    supergraphSdl: loadSupergraphSdl(),
    buildService: ({ name }) => {
      const url = urls[name as Domain];
      if (url) return new ForwardingDataSource({ url });
      const module = byName.get(name);
      if (!module) throw new Error(`the supergraph names subgraph "${name}" but no module provides it; add it to gateway/src/modules.ts`);
      return new LocalGraphQLDataSource(buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers }]));
    },
  });
}
