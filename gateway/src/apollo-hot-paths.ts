/**
 * Three costs of Apollo's per-request path that the gateway's CPU profile of scenario b showed, removed by handing
 * the Apollo modules loaded after this one other exports of two packages they use (bench/README.md):
 * - **Re-export getters.** @apollo/federation-internals's index re-exports every name through TypeScript's
 *   `__createBinding`, a getter per name that cannot be redefined (not configurable), and result shaping and plan
 *   execution read those names in their inner loops: 6.5 % of the gateway's CPU. Its replacement holds the very same
 *   values as plain properties (classes, functions, enum objects; the package reassigns none after loading).
 * - **An operation rebuilt per request.** `executeQueryPlan` converts the request's operation into
 *   federation-internals's `Operation` on every execution (1.9 %), though the document is Apollo's cached parse of the
 *   query text. That call (the one made with `validate: false`) is memoized per schema and operation node. An
 *   `Operation` is only read after it is built (result shaping, conditions), so one instance serves every request.
 * - **A `require` per hash.** @apollo/utils.createhash calls `module.require('crypto')` on every call: the query hash
 *   of each request went through the module loader (and tsx's resolver) each time.
 *
 * It works through Node's module cache, so it must be imported before anything that loads @apollo/gateway,
 * @apollo/server, @apollo/query-planner or @apollo/subgraph: the first import of the gateway's entry points. A module
 * that loaded a package before keeps the original exports: slower, never wrong. `hotPaths` says what happened. Under
 * Jest, whose module registry is its own, nothing is replaced (`state: 'unsupported'`).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';

/** Packages whose modules keep a reference to the exports objects they first got. */
const CONSUMERS = ['/@apollo/gateway/', '/@apollo/server/', '/@apollo/query-planner/', '/@apollo/query-graphs/', '/@apollo/subgraph/', '/@apollo/composition/'];

export interface HotPathsState {
  state: 'replaced' | 'unsupported';
  /** Files of the consumer packages that were loaded before: they keep the original exports. */
  loadedBefore: string[];
  /** Executions whose operation was built, and those that reused one. */
  operations: OperationMemoStats;
}

export interface OperationMemoStats {
  built: number;
  reused: number;
}

type Exports = Record<string, unknown>;

/**
 * Replaces the cached exports of `pkg` (every copy: its own and the one each of `users` resolves, since npm may nest
 * another version under a user) with a plain copy, changed by `change`. False when the module cache is not Node's.
 */
function replaceExports(pkg: string, users: readonly string[], change: (flat: Exports) => void): boolean {
  const cache = require.cache as Record<string, NodeModule | undefined> | undefined;
  if (!cache || typeof cache !== 'object') return false;
  const paths = new Set([require.resolve(pkg), ...users.map((user) => require.resolve(pkg, { paths: [path.dirname(require.resolve(user))] }))]);
  for (const file of paths) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module cache is the point: see above
    const original = require(file) as Exports;
    const entry = cache[file];
    if (!entry || entry.exports !== original) return false;
    const flat: Exports = {};
    // `__esModule` is itself a defined property: copied with the rest, so `import` interop reads the copy alike.
    for (const name of Object.getOwnPropertyNames(original)) flat[name] = original[name];
    change(flat);
    entry.exports = flat;
  }
  return true;
}

type OperationFromDocument = (schema: object, document: DocumentNode, options?: { operationName?: string; validate?: boolean }) => unknown;

/** `operationFromDocument` remembering, per schema and operation node, what it built for calls without validation. */
export function memoizeOperations(operationFromDocument: OperationFromDocument, stats: OperationMemoStats = { built: 0, reused: 0 }): OperationFromDocument {
  const bySchema = new WeakMap<object, WeakMap<OperationDefinitionNode, unknown>>();
  return (schema, document, options) => {
    const node = document.definitions[0];
    // Only executeQueryPlan's call: its document is the operation first, then that operation's fragments, all nodes
    // of one cached parse, so the operation node names the whole document.
    if (options?.validate !== false || options.operationName !== undefined || node?.kind !== 'OperationDefinition') return operationFromDocument(schema, document, options);
    let operations = bySchema.get(schema);
    if (!operations) bySchema.set(schema, (operations = new WeakMap()));
    let operation = operations.get(node);
    if (operation === undefined) {
      operation = operationFromDocument(schema, document, options);
      operations.set(node, operation);
      stats.built++;
    } else {
      stats.reused++;
    }
    return operation;
  };
}

function replaceAll(): HotPathsState {
  const operations: OperationMemoStats = { built: 0, reused: 0 };
  const cache = require.cache as Record<string, unknown> | undefined;
  const loadedBefore = cache && typeof cache === 'object' ? Object.keys(cache).filter((file) => CONSUMERS.some((consumer) => file.includes(consumer))) : [];
  const internals = replaceExports('@apollo/federation-internals', ['@apollo/gateway', '@apollo/query-planner', '@apollo/subgraph'], (flat) => {
    flat.operationFromDocument = memoizeOperations(flat.operationFromDocument as OperationFromDocument, operations);
  });
  const hash = replaceExports('@apollo/utils.createhash', ['@apollo/server', '@apollo/gateway'], (flat) => {
    flat.createHash = (kind: string) => crypto.createHash(kind);
  });
  return { state: internals && hash ? 'replaced' : 'unsupported', loadedBefore, operations };
}

export const hotPaths: HotPathsState = replaceAll();
