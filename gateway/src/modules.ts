import type { SubgraphModule } from '@puchi/subgraph-kit';
import { lessonSubgraph } from '@puchi/subgraph-lesson';

/** Every domain's subgraph, served in-process unless a `SUBGRAPH_<DOMAIN>_URL` points elsewhere. */
export const SUBGRAPH_MODULES: readonly SubgraphModule[] = [lessonSubgraph];
