import type { SubgraphModule } from '@puchi/subgraph-kit';
import { analyticsSubgraph } from '@puchi/subgraph-analytics';
import { lessonSubgraph } from '@puchi/subgraph-lesson';
import { mediaSubgraph } from '@puchi/subgraph-media';
import { notificationSubgraph } from '@puchi/subgraph-notification';
import { progressSubgraph } from '@puchi/subgraph-progress';
import { quizSubgraph } from '@puchi/subgraph-quiz';
import { userSubgraph } from '@puchi/subgraph-user';
import { vocabularySubgraph } from '@puchi/subgraph-vocabulary';

/** Every domain's subgraph, served in-process unless a `SUBGRAPH_<DOMAIN>_URL` points elsewhere. */
export const SUBGRAPH_MODULES: readonly SubgraphModule[] = [
  userSubgraph,
  lessonSubgraph,
  progressSubgraph,
  mediaSubgraph,
  notificationSubgraph,
  vocabularySubgraph,
  quizSubgraph,
  analyticsSubgraph,
];
