/**
 * `npm run check:generated` (CI): re-runs composition, graphql-codegen and the AsyncAPI generator in memory and
 * compares the results with the committed schema/supergraph.graphql, subgraphs/<domain>/src/__generated__/*
 * and docs/asyncapi.yaml. Exits 1 naming each stale, missing or unexpected file; writes nothing. Fix:
 * `npm run compose && npm run codegen && npm run asyncapi`, commit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { ASYNCAPI_PATH, asyncApiYaml, subgraphSources } from '@puchi/domains';
import { checkDescriptions, composeSubgraphs, REPO_ROOT, SUPERGRAPH_PATH, supergraphFileText } from '@puchi/schema';
import { codegenConfig } from './codegen-config';

const SUBGRAPHS_DIR = path.join(REPO_ROOT, 'subgraphs');

/** A file as the generators would write it now. */
interface Expected {
  file: string;
  content: string;
}

function expectedSupergraph(): Expected | string[] {
  const sources = subgraphSources();
  const result = composeSubgraphs(sources);
  const problems = [...(result.ok ? [] : result.errors), ...checkDescriptions(sources)];
  if (!result.ok || problems.length > 0) return problems.map(({ code, message }) => `${code}: ${message}`);
  return { file: SUPERGRAPH_PATH, content: supergraphFileText(result.supergraphSdl) };
}

async function expectedCodegen(): Promise<Expected[]> {
  const outputs: { filename: string; content: string }[] = await generate({ ...(await codegenConfig()), silent: true }, false);
  return outputs.map(({ filename, content }) => ({ file: path.resolve(REPO_ROOT, filename), content }));
}

function expectedAsyncApi(): Expected {
  return { file: ASYNCAPI_PATH, content: asyncApiYaml() };
}

/** Every committed file under subgraphs/<domain>/src/__generated__. */
function committedGenerated(): string[] {
  return fs.readdirSync(SUBGRAPHS_DIR).flatMap((domain) => {
    const dir = path.join(SUBGRAPHS_DIR, domain, 'src', '__generated__');
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => path.join(dir, name)).filter((file) => fs.statSync(file).isFile());
  });
}

/** Why a committed file differs from what the generators produce now, or undefined when it does not. */
function difference({ file, content }: Expected): string | undefined {
  if (!fs.existsSync(file)) return 'missing';
  const committed = fs.readFileSync(file, 'utf8');
  if (committed === content) return undefined;
  const want = content.split('\n');
  const have = committed.split('\n');
  const line = want.findIndex((text, i) => text !== have[i]);
  return `stale (first difference at line ${(line === -1 ? want.length : line) + 1})`;
}

async function main(): Promise<number> {
  const supergraph = expectedSupergraph();
  if (Array.isArray(supergraph)) {
    console.error('check:generated: the subgraph SDLs do not compose:');
    for (const line of supergraph) console.error(`  ${line}`);
    return 1;
  }
  const expected = [supergraph, ...(await expectedCodegen()), expectedAsyncApi()];
  const problems = expected.flatMap((e) => {
    const why = difference(e);
    return why ? [`${path.relative(REPO_ROOT, e.file)}: ${why}`] : [];
  });
  const generated = new Set(expected.map((e) => e.file));
  for (const file of committedGenerated()) {
    if (!generated.has(file)) problems.push(`${path.relative(REPO_ROOT, file)}: unexpected (no registered domain generates it)`);
  }

  if (problems.length > 0) {
    console.error('check:generated: committed generated files differ from their sources:');
    for (const problem of problems) console.error(`  ${problem}`);
    console.error('Run `npm run compose && npm run codegen && npm run asyncapi` and commit the results.');
    return 1;
  }
  console.log(`check:generated: ${expected.length} generated files match their sources`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
