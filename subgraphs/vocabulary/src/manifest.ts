import path from 'node:path';
import { defineDomain } from '@puchi/subgraph-kit';
import * as contracts from './contracts';
import { VOCABULARY_ANALYST_VIEWS } from './events';
import { resolvers } from './resolvers';
import { vocabularyService } from './service';

/** The vocabulary domain, as the registry (`@puchi/domains`) and everything that lists domains see it. */
export const vocabularyDomain = defineDomain({
  name: 'vocabulary',
  contracts,
  packageDir: path.join(__dirname, '..'),
  resolvers,
  analystViews: VOCABULARY_ANALYST_VIEWS,
  service: vocabularyService,
  codegenMappers: {
    Lesson: "{ id: string }",
  },
});
