import path from 'node:path';
import { defineDomain } from '@puchi/subgraph-kit';
import * as contracts from './contracts';
import { resolvers } from './resolvers';
import { lessonService } from './service';
import { lessonPublished } from './subscriptions';

/** The lesson domain, as the registry (`@puchi/domains`) and everything that lists domains see it. */
export const lessonDomain = defineDomain({
  name: 'lesson',
  contracts,
  packageDir: path.join(__dirname, '..'),
  resolvers,
  subscriptions: { lessonPublished },
  analystViews: contracts.LESSON_ANALYST_VIEWS,
  service: lessonService,
  codegenMappers: {
    Course: "Omit<{T}, 'lessons'>",
    Lesson: "Omit<{T}, 'course'> & { courseId: string }",
  },
});
