import path from 'node:path';
import { defineDomain } from '@puchi/subgraph-kit';
import * as contracts from './contracts';
import { MEDIA_ANALYST_VIEWS } from './events';
import { resolvers } from './resolvers';
import { mediaService } from './service';

/** The media domain, as the registry (`@puchi/domains`) and everything that lists domains see it. */
export const mediaDomain = defineDomain({
  name: 'media',
  contracts,
  packageDir: path.join(__dirname, '..'),
  resolvers,
  analystViews: MEDIA_ANALYST_VIEWS,
  service: mediaService,
  codegenMappers: {
    Lesson: "{ id: string }",
    Word: "{ id: string }",
  },
});
