import { setTimeout as sleep } from 'node:timers/promises';
import { childTraceparent, isRetriable, RPC_HEADERS, traceIdOf, type CallContext, type Identity, type RequestOptions, type Route } from '@puchi/kafka';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { parseRequest, type BatchCall, type Call } from './contract';
import { toGraphQLError } from './graphql-errors';
import type { IdentityTokenFor } from './identity';
import type { SharedReads } from './reads/shared-reads';

/** What sends a request and awaits its reply: an `RpcClient` in production, anything with this shape in tests. */
export interface Caller {
  request<TRequest, TReply>(route: Route<TRequest, TReply>, payload: TRequest, options?: RequestOptions): Promise<TReply>;
  /** The partition a request keyed `key` reaches (see `RpcClient.partitionOf`). Without it, keyed batches go one request per entity. */
  partitionOf?(topic: string, key: string): Promise<number>;
  /** How many partitions `topic` has. With `partitionOf`, what hedged reads need. */
  partitionCount?(topic: string): Promise<number>;
}

/** The GraphQL context every subgraph resolver receives, made per GraphQL request by the gateway. */
export interface SubgraphContext {
  /** The verified caller, or undefined when anonymous. */
  identity?: Identity;
  /** Epoch ms after which nobody waits for this GraphQL request; every Kafka call carries it. */
  deadline: number;
  traceparent: string;
  /**
   * One request to a domain service. Failures reject with a typed `GraphQLError` (see `toGraphQLError`).
   * `key`: the entity the request is about (its partition's owner answers). `mutation`: the response path of the
   * mutation field this request does (`info.path`): with the client's `Idempotency-Key`, the request carries the
   * key derived for that field, and the service does it at most once.
   */
  call<TRequest, TReply>(call: Call<TRequest, TReply>, payload: TRequest, options?: CallOptions): Promise<TReply>;
  /** Loads one entity through a per-request DataLoader: the keys asked for in one tick travel in one request. */
  load<K, V>(call: BatchCall<K, V>, key: K): Promise<V | null>;
  /** The client's `Idempotency-Key`, passed on to standalone subgraph servers. */
  readonly idempotencyKey?: string;
  /** Kafka requests sent for this GraphQL request, per topic (tests assert batching with it). */
  readonly requestCounts: ReadonlyMap<string, number>;
  /** Calls tried again after a retriable failure, per topic. */
  readonly retries: ReadonlyMap<string, number>;
  /** Reads also sent to another partition's owner because the first did not answer in time (`hedgeAfterMs`), per topic. */
  readonly hedges: ReadonlyMap<string, number>;
}

export interface CallOptions {
  key?: string;
  mutation?: ResponsePath;
  /**
   * Sends `RPC_HEADERS.readBarrier` for this partition (`'*'`: every partition): the service answers once its store
   * reached the partition's end.
   */
  readBarrier?: number | '*';
}

/** A field's place in the response, as graphql-js gives it to resolvers (`info.path`). */
export interface ResponsePath {
  readonly prev: ResponsePath | undefined;
  readonly key: string | number;
}

/** `registerUser`, `a.b.0`: how a field's key is derived from the client's `Idempotency-Key`. */
export function responsePathString(path: ResponsePath): string {
  const parts: (string | number)[] = [];
  for (let p: ResponsePath | undefined = path; p; p = p.prev) parts.unshift(p.key);
  return parts.join('.');
}

/**
 * The key a mutation field is done under: the client's `Idempotency-Key` and the field's response path (an
 * operation with two mutation fields does two writes, each once).
 */
export function fieldIdempotencyKey(clientKey: string, path: ResponsePath): string {
  return `${clientKey}:${responsePathString(path)}`;
}

export interface SubgraphContextOptions {
  caller: Caller;
  identity?: Identity;
  /** Default: now + `timeoutMs`. */
  deadline?: number;
  /** Used when no deadline is given. Default 5000. */
  timeoutMs?: number;
  /** The incoming request's `traceparent`, if any; each Kafka call gets a child span id. */
  traceparent?: string;
  /**
   * The identity token each call carries, by target domain (made once per domain for this request). Without it
   * calls carry none, and services treat them as anonymous: `identity` stays in this process.
   */
  identityTokens?: IdentityTokenFor;
  /** The client's `Idempotency-Key` header, checked by the gateway (see `CallOptions.mutation`). */
  idempotencyKey?: string;
  /**
   * A keyed read not answered within this many ms is also sent to the next partition's owner, with a read barrier
   * (`RPC_HEADERS.readBarrier`) that keeps it read-your-writes; the first answer wins. For the seconds a dead
   * instance's partitions take to move. Default 0: no hedging.
   */
  hedgeAfterMs?: number;
  /**
   * Reads shared with the process's other requests: single-flight and the entity cache, for calls that declare
   * `sharing` (see `SharedReads`). Default none: every read is this request's own.
   */
  reads?: SharedReads;
}

/** Waits before the first retry of a failed call, doubling up to `MAX_RETRY_MS` (a rebalance takes seconds). */
const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 800;

/** Keys are compared by their JSON, so composite keys (`{ userId, lessonId }`) batch and cache correctly. */
const cacheKey = (key: unknown) => (typeof key === 'string' ? key : JSON.stringify(key));

/**
 * The first of `primary` and, if it has not settled after `afterMs`, the request `hedge` makes (undefined: none) to
 * answer; rejects with the primary's error when both fail.
 */
function firstAnswer<T>(primary: Promise<T>, afterMs: number, hedge: () => Promise<{ reply: Promise<T> } | undefined>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let primaryError: { error: unknown } | undefined;
    let hedgeState: 'none' | 'pending' | 'failed' = 'none';
    const win = (value: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const failIfDone = () => {
      if (settled || !primaryError || hedgeState === 'pending') return;
      settled = true;
      clearTimeout(timer);
      reject(primaryError.error);
    };
    const timer = setTimeout(() => {
      if (settled) return;
      hedgeState = 'pending';
      hedge().then(
        (second) => {
          if (!second) {
            hedgeState = 'none';
            return failIfDone();
          }
          second.reply.then(win, () => {
            hedgeState = 'failed';
            failIfDone();
          });
        },
        () => {
          hedgeState = 'none';
          failIfDone();
        },
      );
    }, afterMs);
    primary.then(win, (error: unknown) => {
      primaryError = { error };
      failIfDone();
    });
  });
}

/**
 * Splits a batch's keys by the instance that owns them: by partition when the caller knows partitions, else by
 * entity. Each group is sent keyed by one of its entities, which lands it on their common partition.
 */
async function groupByOwner<K>(caller: Caller, topic: string, keys: readonly K[], entityOf: (key: K) => string): Promise<{ key: string; indexes: number[]; partition?: number }[]> {
  const groups = new Map<string | number, { key: string; indexes: number[]; partition?: number }>();
  const entities = keys.map(entityOf);
  // A topic the caller cannot find fails the request itself, with its own error: group by entity meanwhile.
  const owners: (string | number)[] = caller.partitionOf ? await Promise.all(entities.map((e) => caller.partitionOf!(topic, e))).catch(() => entities) : entities;
  owners.forEach((owner, i) => {
    const group = groups.get(owner);
    if (group) group.indexes.push(i);
    else groups.set(owner, { key: entities[i]!, indexes: [i], ...(typeof owner === 'number' ? { partition: owner } : {}) });
  });
  return [...groups.values()];
}

export function createSubgraphContext(options: SubgraphContextOptions): SubgraphContext {
  const deadline = options.deadline ?? Date.now() + (options.timeoutMs ?? 5000);
  const traceparent = childTraceparent(options.traceparent);
  const requestCounts = new Map<string, number>();
  const retries = new Map<string, number>();
  const hedges = new Map<string, number>();
  const loaders = new Map<string, DataLoader<unknown, unknown>>();
  const tokens = new Map<string, string | undefined>();
  const tokenFor = (domain: string): string | undefined => {
    if (!options.identityTokens) return undefined;
    if (!tokens.has(domain)) tokens.set(domain, options.identityTokens(domain, { identity: options.identity, deadline, traceId: traceIdOf(traceparent) }));
    return tokens.get(domain);
  };

  const reads = options.reads;
  const who = { identity: options.identity, arrival: reads?.arrival() ?? 0 };

  const call = <TRequest, TReply>(c: Call<TRequest, TReply>, payload: TRequest, callOptions: CallOptions = {}): Promise<TReply> => {
    const sharing = c.sharing;
    if (!reads || !sharing || callOptions.mutation || callOptions.readBarrier !== undefined) return callOwn(c, payload, callOptions);
    return reads.single({ ...c, sharing } as Call<unknown, unknown> & { sharing: typeof sharing }, payload, callOptions.key ?? '*', who, (fill) =>
      callOwn(c, payload, fill ? { ...callOptions, readBarrier: '*' } : callOptions),
    );
  };

  const callOwn = async <TRequest, TReply>(c: Call<TRequest, TReply>, payload: TRequest, callOptions: CallOptions = {}): Promise<TReply> => {
    requestCounts.set(c.topic, (requestCounts.get(c.topic) ?? 0) + 1);
    const context: CallContext = { identity: options.identity, identityToken: tokenFor(c.domain), traceparent: childTraceparent(traceparent) };
    if (callOptions.mutation && options.idempotencyKey) context.idempotencyKey = fieldIdempotencyKey(options.idempotencyKey, callOptions.mutation);
    try {
      // Checked against the contract before it is produced: oversized or malformed input (a 2 MB id) is the
      // caller's BAD_USER_INPUT, not a record the broker refuses as too large (INTERNAL_SERVER_ERROR).
      parseRequest(c, payload);
    } catch (error) {
      throw toGraphQLError(error, c.domain);
    }
    // A read is tried again after a failure that says so, within the request's deadline; a write only under an
    // idempotency key, which makes doing it twice impossible.
    const mayRetry = !callOptions.mutation || context.idempotencyKey !== undefined;
    const barrier = callOptions.readBarrier === undefined ? {} : { headers: { [RPC_HEADERS.readBarrier]: String(callOptions.readBarrier) } };
    const send = (extra: RequestOptions = {}) => options.caller.request(c.route, payload, { deadline, context, key: callOptions.key, ...barrier, ...extra });
    const hedgeAfterMs = options.hedgeAfterMs ?? 0;
    const hedged = hedgeAfterMs > 0 && !callOptions.mutation && callOptions.key !== undefined;
    for (let backoff = FIRST_RETRY_MS; ; backoff = Math.min(backoff * 2, MAX_RETRY_MS)) {
      try {
        if (!hedged) return await send();
        return await firstAnswer(send(), hedgeAfterMs, async () => {
          const { partitionOf, partitionCount } = options.caller;
          if (!partitionOf || !partitionCount) return undefined;
          const [own, count] = await Promise.all([partitionOf.call(options.caller, c.topic, callOptions.key!), partitionCount.call(options.caller, c.topic)]);
          if (count < 2) return undefined;
          hedges.set(c.topic, (hedges.get(c.topic) ?? 0) + 1);
          return { reply: send({ partition: (own + 1) % count, headers: { [RPC_HEADERS.readBarrier]: String(own) } }) };
        });
      } catch (error) {
        const again = mayRetry && !(error instanceof GraphQLError) && isRetriable(error) && (error as { retriable?: unknown }).retriable === true;
        if (!again || Date.now() + backoff >= deadline) throw toGraphQLError(error, c.domain);
        retries.set(c.topic, (retries.get(c.topic) ?? 0) + 1);
        await sleep(backoff);
      }
    }
  };

  const load = <K, V>(c: BatchCall<K, V>, key: K): Promise<V | null> => {
    let loader = loaders.get(c.topic) as DataLoader<K, V | null> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V | null, string>(
        async (keys) => {
          const sharing = c.sharing;
          if (!reads || !sharing) return fetchKeys(keys, false);
          const entityOf = c.partitionKey ?? cacheKey;
          return reads.batch<K, V>({ ...c, sharing } as Call<unknown, unknown> & { sharing: typeof sharing }, keys, entityOf, who, (missing, fill) => fetchKeys(missing, fill));
        },
        { cacheKeyFn: cacheKey, maxBatchSize: 500 },
      );
      loaders.set(c.topic, loader as DataLoader<unknown, unknown>);
    }
    return loader.load(key);

    /** The values of `keys`, in their order; `fill`: they will be cached, so each request carries a read barrier. */
    async function fetchKeys(keys: readonly K[], fill: boolean): Promise<(V | null)[]> {
      const fetch = async (part: readonly K[], key?: string, readBarrier?: number | '*') => {
        const { values } = await callOwn(c, { keys: [...part] }, { ...(key === undefined ? {} : { key }), ...(readBarrier === undefined ? {} : { readBarrier }) });
        // A reply of the wrong length would shift every value onto the wrong key: refuse it.
        if (values.length !== part.length) throw toGraphQLError(new Error(`${c.topic} answered ${values.length} values for ${part.length} keys`), c.domain);
        return values;
      };
      if (!c.partitionKey) return fetch(keys, undefined, fill ? '*' : undefined);
      const groups = await groupByOwner(options.caller, c.topic, keys, c.partitionKey);
      const values = new Array<V | null>(keys.length);
      await Promise.all(
        groups.map(async ({ key, indexes, partition }) => {
          const found = await fetch(indexes.map((i) => keys[i]!), key, fill ? (partition ?? '*') : undefined);
          indexes.forEach((at, i) => (values[at] = found[i] ?? null));
          // An entity made by a write keyed otherwise (an account, registered by email) may not have reached its
          // owner yet: what was not found is asked again behind a read barrier, which waits for it.
          const missing = indexes.filter((at) => values[at] === null);
          if (!c.recheckMissing || partition === undefined || missing.length === 0) return;
          const again = await fetch(missing.map((at) => keys[at]!), key, partition);
          missing.forEach((at, i) => (values[at] = again[i] ?? null));
        }),
      );
      return values;
    }
  };

  return { identity: options.identity, deadline, traceparent, call, load, requestCounts, retries, hedges, ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}) };
}
