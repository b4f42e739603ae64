import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { ApolloServerPlugin, BaseContext, PersistedQueryOptions } from '@apollo/server';
import { LIMIT_CODES, limitError } from './codes';

type KeyValueCache = NonNullable<PersistedQueryOptions['cache']>;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Reads a manifest `{ "<sha256 of the query>": "<query>" }`; a wrong hash or shape fails at start, naming the entry. */
export function loadPersistedOperations(file: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`PERSISTED_OPERATIONS_FILE ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`PERSISTED_OPERATIONS_FILE ${file}: expected an object { sha256: query }`);
  const operations = new Map<string, string>();
  for (const [hash, query] of Object.entries(parsed)) {
    if (typeof query !== 'string') throw new Error(`PERSISTED_OPERATIONS_FILE ${file}: the entry ${hash} is not a query string`);
    if (sha256(query) !== hash.toLowerCase()) throw new Error(`PERSISTED_OPERATIONS_FILE ${file}: ${hash} is not the sha256 of its query`);
    operations.set(hash.toLowerCase(), query);
  }
  return operations;
}

/**
 * The automatic persisted queries cache: registered operations (the manifest) first, then what clients
 * registered at run time in a bounded in-memory LRU. In allow-list mode clients cannot register anything.
 * Apollo Server prefixes its keys with `apq:`.
 */
export function persistedQueryCache(operations: ReadonlyMap<string, string>, options: { allowListOnly: boolean; maxEntries?: number }): KeyValueCache {
  const learned = new Map<string, string>();
  const maxEntries = options.maxEntries ?? 10_000;
  const hashOf = (key: string) => key.replace(/^apq:/, '');
  return {
    async get(key) {
      const hash = hashOf(key);
      const known = operations.get(hash) ?? learned.get(hash);
      if (known !== undefined && learned.has(hash)) {
        learned.delete(hash); // most recently used last
        learned.set(hash, known);
      }
      return known;
    },
    async set(key, value) {
      if (options.allowListOnly) return;
      learned.set(hashOf(key), value);
      if (learned.size > maxEntries) learned.delete(learned.keys().next().value as string);
    },
    async delete(key) {
      return learned.delete(hashOf(key));
    },
  };
}

/**
 * Allow-list mode: an operation whose hash is not in the manifest gets OPERATION_NOT_ALLOWED. Checked once the
 * operation is resolved (Apollo Server turns an error thrown any earlier into a 500), so an unlisted document
 * is parsed and validated first, within the token, depth and other limits, and a broken one gets its
 * parse or validation error instead.
 */
export function allowListPlugin<TContext extends BaseContext>(operations: ReadonlyMap<string, string>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash }) {
          if (!operations.has(queryHash)) throw limitError(LIMIT_CODES.notAllowed, 'only registered operations are accepted here');
        },
      };
    },
  };
}
