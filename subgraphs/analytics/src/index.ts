import { loadSubgraphTypeDefs } from '@puchi/schema';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { resolvers } from './resolvers';
import { events } from './subscriptions';

export const analyticsSubgraph: SubgraphModule = { name: 'analytics', typeDefs: loadSubgraphTypeDefs('analytics'), resolvers: resolvers as SubgraphModule['resolvers'], subscriptions: { events } };
export { analyticsService } from './service';
export * from './contracts';
export * from './events';
