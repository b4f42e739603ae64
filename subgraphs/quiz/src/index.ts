import { domainTopology } from '@puchi/kafka';
import { loadSubgraphTypeDefs } from '@puchi/schema';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { resolvers } from './resolvers';
import { quizGraded } from './subscriptions';

/** The Kafka names this domain owns, read from the one declaration in kafka/src/topology. */
export const topology = domainTopology('quiz');

export const quizSubgraph: SubgraphModule = { name: 'quiz', typeDefs: loadSubgraphTypeDefs('quiz'), resolvers: resolvers as SubgraphModule['resolvers'], subscriptions: { quizGraded } };
export { quizService } from './service';
export * from './contracts';
export * from './events';
export { SEED_QUIZZES, quizIdOf } from './seed';
