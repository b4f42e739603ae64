/**
 * Hands the Apollo modules loaded after this one a copy of @apollo/federation-internals's exports whose names are
 * plain properties. The package's index re-exports every name through TypeScript's `__createBinding`, a getter per
 * name that cannot be redefined (not configurable), and the gateway's result shaping and plan execution read those
 * names in their inner loops: the getters alone were 6.5 % of the gateway's CPU in scenario b's closed loop
 * (bench/README.md). The copy holds the very same values (classes, functions, enum objects; the package reassigns
 * none after loading), so only the call through a getter goes away.
 *
 * It works through Node's module cache, so it must be imported before anything that loads @apollo/gateway,
 * @apollo/query-planner or @apollo/subgraph: the first import of the gateway's entry points. A module that loaded the
 * package before keeps the getters: slower, never wrong. `flatExports` says what happened. Under Jest, whose module
 * registry is its own, nothing is replaced (`state: 'unsupported'`).
 */
const PACKAGE = '@apollo/federation-internals';
/** Packages whose modules keep a reference to the exports object they first got. */
const CONSUMERS = ['/@apollo/gateway/', '/@apollo/query-planner/', '/@apollo/query-graphs/', '/@apollo/subgraph/', '/@apollo/composition/'];

export interface FlatExportsState {
  state: 'flattened' | 'unsupported';
  /** Files of the consumer packages that were loaded before the copy was made: they read through the getters. */
  loadedBefore: string[];
}

function flatten(): FlatExportsState {
  const cache = require.cache as Record<string, NodeModule | undefined> | undefined;
  const path = require.resolve(PACKAGE);
  if (!cache || typeof cache !== 'object') return { state: 'unsupported', loadedBefore: [] };
  const loadedBefore = Object.keys(cache).filter((file) => CONSUMERS.some((consumer) => file.includes(consumer)));
  const original = require(PACKAGE) as Record<string, unknown>;
  const entry = cache[path];
  if (!entry || entry.exports !== original) return { state: 'unsupported', loadedBefore };
  const flat: Record<string, unknown> = {};
  // `__esModule` is itself a defined property: copy it with the rest so `import` interop reads the same object.
  for (const name of Object.getOwnPropertyNames(original)) flat[name] = original[name];
  entry.exports = flat;
  return { state: 'flattened', loadedBefore };
}

export const flatExports: FlatExportsState = flatten();
