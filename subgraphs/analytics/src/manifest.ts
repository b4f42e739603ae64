import path from 'node:path';
import { defineDomain } from '@puchi/subgraph-kit';
import * as contracts from './contracts';
import { ANALYTICS_ANALYST_VIEWS } from './events';
import { resolvers } from './resolvers';
import { analyticsService } from './service';
import { events } from './subscriptions';

/** The analytics domain, as the registry (`@puchi/domains`) and everything that lists domains see it. */
export const analyticsDomain = defineDomain({
  name: 'analytics',
  contracts,
  // Derived from other domains' events (rebuildable from them): kept for a window, not forever.
  eventRetention: 'window',
  packageDir: path.join(__dirname, '..'),
  resolvers,
  subscriptions: { events },
  analystViews: ANALYTICS_ANALYST_VIEWS,
  service: analyticsService,
  codegenMappers: {
    Lesson: "{ id: string }",
  },
});
