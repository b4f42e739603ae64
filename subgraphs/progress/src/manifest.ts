import path from 'node:path';
import { defineDomain } from '@puchi/subgraph-kit';
import * as contracts from './contracts';
import { resolvers } from './resolvers';
import { progressService } from './service';
import { progressUpdated } from './subscriptions';

/** The progress domain, as the registry (`@puchi/domains`) and everything that lists domains see it. */
export const progressDomain = defineDomain({
  name: 'progress',
  contracts,
  packageDir: path.join(__dirname, '..'),
  resolvers,
  subscriptions: { progressUpdated },
  service: progressService,
  codegenMappers: {
    User: "{ id: string }",
    Lesson: "{ id: string }",
  },
});
