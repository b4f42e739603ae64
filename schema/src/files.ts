import fs from 'node:fs';
import path from 'node:path';
import { parse, Source, type DocumentNode } from 'graphql';
import type { Domain } from './domains';

/** The repo root, from this file's place in it (schema/src). */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The folder holding each domain's SDL and the composed supergraph. */
export const SCHEMA_DIR = path.join(REPO_ROOT, 'schema');

/** Where `npm run compose` writes the supergraph the gateway serves. */
export const SUPERGRAPH_PATH = path.join(SCHEMA_DIR, 'supergraph.graphql');

/** The SDL file of a domain's subgraph: `schema/<domain>.graphql`. */
export function subgraphSdlPath(domain: Domain): string {
  return path.join(SCHEMA_DIR, `${domain}.graphql`);
}

/** The Federation 2 SDL of a domain's subgraph, read from `schema/<domain>.graphql`. */
export function loadSubgraphSdl(domain: Domain): string {
  return fs.readFileSync(subgraphSdlPath(domain), 'utf8');
}

/**
 * A domain's SDL parsed, ready for `buildSubgraphSchema({ typeDefs, resolvers })`. Locations in errors name
 * the file (`schema/<domain>.graphql`).
 */
export function loadSubgraphTypeDefs(domain: Domain): DocumentNode {
  return parse(new Source(loadSubgraphSdl(domain), `schema/${domain}.graphql`));
}

/** The committed supergraph, for the gateway's `supergraphSdl`. */
export function loadSupergraphSdl(): string {
  return fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
}
