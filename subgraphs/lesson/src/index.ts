import { loadSubgraphTypeDefs } from '@puchi/schema';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { resolvers } from './resolvers';

export const lessonSubgraph: SubgraphModule = { name: 'lesson', typeDefs: loadSubgraphTypeDefs('lesson'), resolvers: resolvers as SubgraphModule['resolvers'] };
export { lessonService } from './service';
export * from './contracts';
export { SEED_COURSES, SEED_LESSONS } from './seed';
