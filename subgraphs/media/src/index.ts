import { loadSubgraphTypeDefs } from '@puchi/schema';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { resolvers } from './resolvers';

export const mediaSubgraph: SubgraphModule = { name: 'media', typeDefs: loadSubgraphTypeDefs('media'), resolvers: resolvers as SubgraphModule['resolvers'] };
export { mediaService } from './service';
export * from './contracts';
export * from './events';
export { SEED_MEDIA, seedWordIds, WORDS_PER_LESSON } from './seed';
