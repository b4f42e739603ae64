import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { loadSupergraphSdl } from '@puchi/schema';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { execute, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;
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
 * An in-process subgraph that parses and validates each fetch's query text once. The gateway sends the same
 * few planned fetches over and over; Apollo's LocalGraphQLDataSource re-parses and re-validates every one
 * (the top cost in the gateway's profile, bench/README.md). The cache is bounded by the distinct plans.
 */
export class CachedLocalDataSource<TContext extends Record<string, unknown>> implements GraphQLDataSource<TContext> {
  private readonly documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxEntries = 1000,
  ) {}

  async process({ request, context }: GraphQLDataSourceProcessOptions<TContext>): Promise<GatewayGraphQLResponse> {
    const source = request.query ?? '';
    let document = this.documents.get(source);
    if (!document) {
      try {
        const parsed = parse(source);
        const errors = validate(this.schema, parsed);
        document = errors.length > 0 ? errors : parsed;
      } catch (error) {
        document = [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
      }
      if (this.documents.size >= this.maxEntries) this.documents.clear();
      this.documents.set(source, document);
    }
    if (Array.isArray(document)) return { errors: document as GraphQLError[] } as GatewayGraphQLResponse;
    return (await execute({
      schema: this.schema,
      document: document as DocumentNode,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: context,
    })) as GatewayGraphQLResponse;
  }
}

/** Every subgraph's data source (in-process, or HTTP when `urls` names one) and each module's own schema. */
export interface Subgraphs {
  dataSources: Map<string, GraphQLDataSource>;
  /** The in-process schema of every module: subscription events are executed against their owner's. */
  schemas: Map<string, GraphQLSchema>;
  modules: Map<string, SubgraphModule>;
}

export function buildSubgraphs(modules: readonly SubgraphModule[], urls: Partial<Record<string, string>> = {}): Subgraphs {
  const subgraphs: Subgraphs = { dataSources: new Map(), schemas: new Map(), modules: new Map() };
  for (const module of modules) {
    const schema = buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers }]);
    const url = urls[module.name];
    subgraphs.schemas.set(module.name, schema);
    subgraphs.modules.set(module.name, module);
    subgraphs.dataSources.set(module.name, url ? new ForwardingDataSource({ url }) : new CachedLocalDataSource(schema));
  }
  return subgraphs;
}

/** The Apollo gateway over the committed supergraph (schema/supergraph.graphql, checked fresh by CI). */
export function createApolloGateway(subgraphs: Subgraphs, supergraphSdl = loadSupergraphSdl()): ApolloGateway {
  return new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const dataSource = subgraphs.dataSources.get(name);
      if (!dataSource) throw new Error(`the supergraph names subgraph "${name}" but no module provides it; add it to gateway/src/modules.ts`);
      return dataSource;
    },
  });
}
