import { loadSubgraphTypeDefs } from '@puchi/schema';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { resolvers } from './resolvers';
import { lessonPublished } from './subscriptions';

export const lessonSubgraph: SubgraphModule = { name: 'lesson', typeDefs: loadSubgraphTypeDefs('lesson'), resolvers: resolvers as SubgraphModule['resolvers'], subscriptions: { lessonPublished } };
export { lessonService } from './service';
export * from './contracts';
export { SEED_COURSES, SEED_LESSONS } from './seed';
