import path from 'node:path';
import { defineDomain } from '@puchi/subgraph-kit';
import * as contracts from './contracts';
import { PROGRESS_ANALYST_VIEWS, PROGRESS_EVENTS, StreakExtended } from './events';
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
  analystViews: PROGRESS_ANALYST_VIEWS,
  service: progressService,
  // Published for other domains (notifications) and not projected; the other event types come from the service's projections.
  events: { [PROGRESS_EVENTS.streakExtended]: StreakExtended },
  codegenMappers: {
    User: "{ id: string }",
    Lesson: "{ id: string }",
  },
});
