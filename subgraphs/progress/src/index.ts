import { domainTopology } from '@puchi/kafka';
import { loadSubgraphTypeDefs } from '@puchi/schema';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { resolvers } from './resolvers';
import { progressUpdated } from './subscriptions';

/** The Kafka names this domain owns, read from the one declaration in kafka/src/topology. */
export const topology = domainTopology('progress');

export const progressSubgraph: SubgraphModule = { name: 'progress', typeDefs: loadSubgraphTypeDefs('progress'), resolvers: resolvers as SubgraphModule['resolvers'], subscriptions: { progressUpdated } };
export { progressService } from './service';
export * from './contracts';
export * from './events';
export { SEED_ACTIVITY } from './seed';
export { utcDay, streaks } from './streak';
