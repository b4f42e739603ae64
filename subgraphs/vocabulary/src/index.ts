import { loadSubgraphTypeDefs } from '@puchi/schema';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { resolvers } from './resolvers';

export const vocabularySubgraph: SubgraphModule = { name: 'vocabulary', typeDefs: loadSubgraphTypeDefs('vocabulary'), resolvers: resolvers as SubgraphModule['resolvers'] };
export { createVocabularyService, vocabularyService, type VocabularyServiceOptions } from './service';
export * from './contracts';
export * from './events';
export { scheduleReview, nextBox, reviewIntervalDays, REVIEW_INTERVAL_DAYS } from './leitner';
export { SEED_WORDS, wordIdOf } from './seed';
