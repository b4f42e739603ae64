import { loadSubgraphTypeDefs } from '@puchi/schema';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { resolvers } from './resolvers';

export const userSubgraph: SubgraphModule = { name: 'user', typeDefs: loadSubgraphTypeDefs('user'), resolvers: resolvers as SubgraphModule['resolvers'] };
export { userService } from './service';
export * from './contracts';
export * from './events';
export { canSeeEmail, maskEmail } from './email';
export { SEED_USERS, SEED_USER_IDS } from './seed';
