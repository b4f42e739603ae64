/**
 * `npm run compose`: composes every registered domain's SDL (subgraphs/<domain>/schema.graphql) into schema/supergraph.graphql. On errors (SDL that does
 * not parse or compose, or an element without a description) prints each as `CODE: message` and exits 1
 * without touching the supergraph. Composition hints are printed as warnings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { subgraphSources } from '@puchi/domains';
import { checkDescriptions, composeSubgraphs, REPO_ROOT, SUPERGRAPH_PATH, supergraphFileText } from '@puchi/schema';

function main(): number {
  const sources = subgraphSources();
  const result = composeSubgraphs(sources);
  const undocumented = checkDescriptions(sources);
  const problems = result.ok ? undocumented : [...result.errors, ...undocumented];
  if (!result.ok || problems.length > 0) {
    console.error(`compose: ${problems.length} error(s); schema/supergraph.graphql left unchanged`);
    for (const { code, message } of problems) console.error(`  ${code}: ${message}`);
    return 1;
  }
  for (const hint of result.hints) console.warn(`  hint ${hint.code}: ${hint.message}`);
  fs.writeFileSync(SUPERGRAPH_PATH, supergraphFileText(result.supergraphSdl));
  console.log(`compose: ${sources.length} subgraphs -> ${path.relative(REPO_ROOT, SUPERGRAPH_PATH)}`);
  return 0;
}

process.exitCode = main();
