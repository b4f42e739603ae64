import path from 'node:path';
import type { Types } from '@graphql-codegen/plugin-helpers';
import { loadCodegenConfig } from '@graphql-codegen/cli';
import { codegenTargets, REPO_ROOT } from '@puchi/domains';

/** The shared settings (codegen.yml). */
export const CODEGEN_CONFIG = path.join(REPO_ROOT, 'codegen.yml');

/**
 * The graphql-codegen configuration: codegen.yml's shared settings and plugins, and one target per registered
 * domain (its SDL to its `src/__generated__/resolvers-types.ts`, with its manifest's mappers).
 */
export async function codegenConfig(): Promise<Types.Config> {
  const { config } = await loadCodegenConfig({ configFilePath: CODEGEN_CONFIG });
  const { plugins, ...shared } = config as Types.Config & { plugins: Types.OutputConfig[] };
  const generates: Types.Config['generates'] = {};
  for (const target of codegenTargets()) {
    generates[target.output] = { schema: target.schema, plugins, ...(Object.keys(target.mappers).length > 0 ? { config: { mappers: target.mappers } } : {}) };
  }
  return { ...shared, generates, cwd: REPO_ROOT };
}
