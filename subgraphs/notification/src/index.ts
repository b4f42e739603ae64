import { loadSubgraphTypeDefs } from '@puchi/schema';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { resolvers } from './resolvers';
import { notificationReceived } from './subscriptions';

export const notificationSubgraph: SubgraphModule = { name: 'notification', typeDefs: loadSubgraphTypeDefs('notification'), resolvers: resolvers as SubgraphModule['resolvers'], subscriptions: { notificationReceived } };
export { notificationService } from './service';
export * from './contracts';
export * from './events';
export { notificationIdFor } from './messages';
