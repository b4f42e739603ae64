import type { SubgraphModule } from '@puchi/subgraph-kit';
import { subgraphModules } from '@puchi/domains';

/** Every domain's subgraph (from the registry), served in-process unless a `SUBGRAPH_<DOMAIN>_URL` points elsewhere. */
export const SUBGRAPH_MODULES: readonly SubgraphModule[] = subgraphModules();
