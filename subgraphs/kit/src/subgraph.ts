import type { Domain } from '@puchi/kafka';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import type { SubgraphContext } from './context';

/** What each domain package exports for the gateway (in-process) and its standalone HTTP subgraph server. */
export interface SubgraphModule {
  name: Domain;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext>;
}
