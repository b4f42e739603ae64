import fs from 'node:fs';
import path from 'node:path';

/** The repo root, from this file's place in it (schema/src). */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The folder holding the composed supergraph (each domain's SDL is in its own folder: `subgraphs/<domain>/schema.graphql`). */
export const SCHEMA_DIR = path.join(REPO_ROOT, 'schema');

/** Where `npm run compose` writes the supergraph the gateway serves. */
export const SUPERGRAPH_PATH = path.join(SCHEMA_DIR, 'supergraph.graphql');

/** The committed supergraph, for the gateway's `supergraphSdl`. */
export function loadSupergraphSdl(): string {
  return fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
}
