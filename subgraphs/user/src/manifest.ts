import path from 'node:path';
import { defineDomain } from '@puchi/subgraph-kit';
import * as contracts from './contracts';
import { USER_ANALYST_VIEWS } from './events';
import { resolvers } from './resolvers';
import { userService } from './service';

/** The user domain, as the registry (`@puchi/domains`) and everything that lists domains see it. */
export const userDomain = defineDomain({
  name: 'user',
  contracts,
  packageDir: path.join(__dirname, '..'),
  resolvers,
  analystViews: USER_ANALYST_VIEWS,
  service: userService,
});
