import path from 'node:path';
import { defineDomain } from '@puchi/subgraph-kit';
import * as contracts from './contracts';
import { NOTIFICATION_ANALYST_VIEWS } from './events';
import { resolvers } from './resolvers';
import { notificationService } from './service';
import { notificationReceived } from './subscriptions';

/** The notification domain, as the registry (`@puchi/domains`) and everything that lists domains see it. */
export const notificationDomain = defineDomain({
  name: 'notification',
  contracts,
  packageDir: path.join(__dirname, '..'),
  resolvers,
  subscriptions: { notificationReceived },
  analystViews: NOTIFICATION_ANALYST_VIEWS,
  service: notificationService,
  codegenMappers: {
    Lesson: "{ id: string }",
  },
});
