import path from 'node:path';
import { defineDomain } from '@puchi/subgraph-kit';
import * as contracts from './contracts';
import { QUIZ_ANALYST_VIEWS } from './events';
import { resolvers } from './resolvers';
import { quizService } from './service';
import { quizGraded } from './subscriptions';

/** The quiz domain, as the registry (`@puchi/domains`) and everything that lists domains see it. */
export const quizDomain = defineDomain({
  name: 'quiz',
  contracts,
  packageDir: path.join(__dirname, '..'),
  resolvers,
  subscriptions: { quizGraded },
  analystViews: QUIZ_ANALYST_VIEWS,
  service: quizService,
  codegenMappers: {
    Lesson: "{ id: string }",
  },
});
