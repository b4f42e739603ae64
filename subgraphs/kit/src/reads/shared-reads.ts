import { setTimeout as sleep } from 'node:timers/promises';
import type { EventContext, EventEnvelope, Identity, Logger, MessageBus } from '@puchi/kafka';
import type { Call } from '../contract';
import { EntityCache, type CacheSettings, type CacheStats } from './entity-cache';
import { Clock, startEventTail, type EventTail } from './event-tail';
import { scopeKey, type ReadSharing } from './sharing';

/**
 * Reads shared across the gateway's requests (issue 14): identical reads in flight at the same moment share one
 * Kafka request, and answers of calls that say which events change them are kept until such an event comes.
 *
 * Consistency with read-your-writes (docs/architecture.md):
 * - a `caller` read joins only a flight sent after its own request arrived, so it never gets an answer older than a
 *   write acknowledged before it asked; a `public` read joins any (no request writes public data);
 * - a cached `caller` answer is served only once the event tail has handled every event written before the request
 *   arrived (`EventTail.caughtUp`), so whatever such an event changed has been evicted; a `public` one at once;
 * - an answer is fetched for the cache behind a read barrier (the service answers once its store reached the end
 *   of its event topic), so it reflects every event written before it was asked for; one evicted while it was in
 *   flight is not stored (`EntityCache.set`).
 */
export interface SharedReads {
  /** A tick to stamp a request's arrival with (`createSubgraphContext` takes one per request). */
  arrival(): number;
  /**
   * Answers `keys` of a batch call from the cache and flights in progress, fetching the rest with `fetch` (`fill`:
   * the answers will be cached, so the fetch must carry a read barrier).
   */
  batch<K, V>(call: Call<unknown, unknown> & { sharing: ReadSharing }, keys: readonly K[], entityOf: (key: K) => string, who: ReadRequest, fetch: (keys: K[], fill: boolean) => Promise<(V | null)[]>): Promise<(V | null)[]>;
  /** The same for one plain call, keyed by its payload. */
  single<T>(call: Call<unknown, unknown> & { sharing: ReadSharing }, payload: unknown, entity: string, who: ReadRequest, fetch: (fill: boolean) => Promise<T>): Promise<T>;
  stats(): SharedReadStats;
  /** Resolves once the entity cache is in use (its event tail started); at once without a cache. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Who reads, and when their GraphQL request arrived (an `arrival()` tick). */
export interface ReadRequest {
  identity?: Identity;
  arrival: number;
}

export interface SharedReadStats {
  /** Reads answered by a flight another request had started. */
  joined: number;
  /** Reads that started a flight. */
  flights: number;
  cache?: CacheStats & { stalenessP99Ms: number | null; waitsTimedOut: number };
}

export interface SharedReadSettings {
  /** Identical reads in flight share one request. */
  singleFlight: boolean;
  /** Answers are cached; needs `bus`. */
  cache?: CacheSettings & {
    /** How long a request waits for the event tail before it is answered without the cache. */
    maxWaitMs: number;
  };
}

export interface SharedReadsOptions {
  settings: SharedReadSettings;
  /** Every call the gateway may make: those declaring `invalidatedBy` name the topics the event tail reads. */
  calls: readonly Call<unknown, unknown>[];
  bus?: MessageBus;
  logger: Logger;
  /** Starts the event tail; `startEventTail` unless a test puts a fake in its place. */
  startTail?: typeof startEventTail;
}

type SharedCall = Call<unknown, unknown> & { sharing: ReadSharing };

interface Flight {
  sentAt: number;
  answer: Promise<unknown>;
}

/** Event → eviction delays kept for the staleness percentile. */
const STALENESS_SAMPLES = 2048;

const keyText = (key: unknown) => (typeof key === 'string' ? key : JSON.stringify(key));

export async function createSharedReads(options: SharedReadsOptions): Promise<SharedReads> {
  const { settings, logger } = options;
  const clock = new Clock();
  const flights = new Map<string, Flight>();
  const counts = { joined: 0, flights: 0, waitsTimedOut: 0 };
  const staleness: number[] = [];
  let cache: EntityCache | undefined;
  let tail: EventTail | undefined;
  let tailStarting: Promise<void> | undefined;
  let closed = false;
  const closing = new AbortController();

  const cached = options.calls.filter((c): c is Call<unknown, unknown> & { sharing: Required<ReadSharing> } => c.sharing?.invalidatedBy !== undefined);
  if (settings.cache && options.bus && cached.length > 0) {
    const entityCache = new EntityCache(settings.cache);
    const byTopic = new Map<string, { call: string; invalidation: NonNullable<ReadSharing['invalidatedBy']>[string] }[]>();
    for (const call of cached) {
      for (const [topic, invalidation] of Object.entries(call.sharing.invalidatedBy)) {
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), { call: call.topic, invalidation }]);
      }
    }
    const onEvent = (event: EventEnvelope, context: EventContext) => {
      for (const { call, invalidation } of byTopic.get(context.topic) ?? []) {
        const entities = invalidation(event);
        if (entities === '*') entityCache.evict(call, '*');
        else for (const entity of entities) entityCache.evict(call, entity);
      }
      if (context.timestamp !== undefined) {
        staleness.push(Date.now() - context.timestamp);
        if (staleness.length > STALENESS_SAMPLES) staleness.splice(0, staleness.length - STALENESS_SAMPLES);
      }
    };
    const bus = options.bus;
    const maxWaitMs = settings.cache.maxWaitMs;
    // Started in the background: a gateway serves (without its cache) while a broker is down or slow, and the cache
    // comes into use once its tail reads every topic. A tail that crashes takes the cache with it until it restarts.
    // One tail at a time: each start is a generation, and a generation's crash is acted on once (its six consumers
    // may each report the same outage; two restarts at once would leave a tail nobody closes). A crash while its
    // generation is still starting is acted on by the start itself: that tail is closed and another started, instead
    // of coming into use with a consumer that reads nothing (every cached read would then wait out maxWaitMs).
    const startTail = options.startTail ?? startEventTail;
    let generation = 0;
    let crashed = 0;
    const start = async (): Promise<void> => {
      for (let attempt = 0; !closed; attempt++) {
        const current = ++generation;
        try {
          const started = await startTail({ bus, topics: [...byTopic.keys()], clock, onEvent, maxWaitMs, logger, onCrash: (error) => onCrash(current, error) });
          if (closed) return void (await started.close());
          if (crashed === current) {
            await started.close();
            throw new Error('a consumer of the event tail crashed while it started');
          }
          tail = started;
          cache = entityCache;
          logger.info('entity cache in use', { topics: [...byTopic.keys()] });
          return;
        } catch (error) {
          logger.warn('entity cache: event tail not started, answering without the cache meanwhile', { error, attempt });
          await sleep(Math.min(500 * 2 ** attempt, 30_000), undefined, { signal: closing.signal }).catch(() => undefined);
        }
      }
    };
    const onCrash = (of: number, error: unknown) => {
      if (closed || of !== generation || crashed === of) return;
      crashed = of;
      logger.error('entity cache: event tail crashed; cache off until it restarts', { error });
      // Still starting: `start` sees the crash when the tail is up, and starts another.
      if (!tail) return;
      const broken = tail;
      tail = undefined;
      cache = undefined;
      entityCache.clear();
      tailStarting = broken.close().catch(() => undefined).then(start);
    };
    tailStarting = start();
  }

  /** Whether `who` may be served from the cache: the tail has handled every event written before it arrived. */
  const mayHit = async (call: SharedCall, who: ReadRequest): Promise<boolean> => {
    if (!tail || !call.sharing.invalidatedBy) return false;
    // Public answers are written by no request, so no write was acknowledged to anyone that the cache could miss:
    // they are as fresh as the eviction delay, as a service's own store is as fresh as its projection's lag.
    if (call.sharing.scope === 'public') return true;
    const ok = await tail.caughtUp(who.arrival, Object.keys(call.sharing.invalidatedBy));
    if (!ok) counts.waitsTimedOut++;
    return ok;
  };

  /** The start of every flight and cache key of `call` for `who`; the key's text follows. */
  const keyPrefix = (call: SharedCall, who: ReadRequest) => `${call.topic}\0${scopeKey(call.sharing.scope, who.identity)}\0`;
  const joinable = (call: SharedCall, who: ReadRequest, key: string): Flight | undefined => {
    if (!settings.singleFlight) return undefined;
    const flight = flights.get(key);
    if (!flight) return undefined;
    return call.sharing.scope === 'public' || flight.sentAt > who.arrival ? flight : undefined;
  };
  const start = (key: string, flight: Flight) => {
    if (!settings.singleFlight) return;
    flights.set(key, flight);
    const done = () => {
      if (flights.get(key) === flight) flights.delete(key);
    };
    flight.answer.then(done, done);
  };

  return {
    arrival: () => clock.now(),

    async batch<K, V>(call: SharedCall, keys: readonly K[], entityOf: (key: K) => string, who: ReadRequest, fetch: (keys: K[], fill: boolean) => Promise<(V | null)[]>) {
      const values = new Array<V | null>(keys.length);
      // The cache as it is now: a tail that stops meanwhile takes it away (and `clear` refuses what was fetched before).
      const target = cache;
      const useCache = target !== undefined && (await mayHit(call, who));
      const waits: Promise<void>[] = [];
      const missing: number[] = [];
      const prefix = keyPrefix(call, who);
      const cacheKeys = keys.map((key) => prefix + keyText(key));
      cacheKeys.forEach((k, i) => {
        const hit = useCache ? target.get(k) : undefined;
        if (hit) return void (values[i] = hit.value as V | null);
        const flight = joinable(call, who, k);
        if (!flight) return void missing.push(i);
        counts.joined++;
        waits.push(flight.answer.then((v) => void (values[i] = v as V | null)));
      });
      if (missing.length > 0) {
        const fill = target !== undefined && call.sharing.invalidatedBy !== undefined;
        const fetchedAt = target?.version ?? 0;
        const sentAt = clock.now();
        counts.flights++;
        const answers = fetch(missing.map((i) => keys[i]!), fill);
        missing.forEach((at, j) => {
          const k = cacheKeys[at]!;
          const answer = answers.then((all) => all[j] ?? null);
          start(k, { sentAt, answer });
          waits.push(
            answer.then((v) => {
              values[at] = v;
              if (fill) target.set(k, call.topic, entityOf(keys[at]!), v, fetchedAt);
            }),
          );
        });
      }
      await Promise.all(waits);
      return values;
    },

    async single(call, payload, entity, who, fetch) {
      const k = keyPrefix(call, who) + keyText(payload);
      const target = cache;
      const fill = target !== undefined && call.sharing.invalidatedBy !== undefined;
      if (fill && (await mayHit(call, who))) {
        const hit = target.get(k);
        if (hit) return hit.value as never;
      }
      const flight = joinable(call, who, k);
      if (flight) {
        counts.joined++;
        return flight.answer as never;
      }
      const fetchedAt = target?.version ?? 0;
      counts.flights++;
      const answer = fetch(fill);
      start(k, { sentAt: clock.now(), answer });
      const value = await answer;
      if (fill) target.set(k, call.topic, entity, value, fetchedAt);
      return value;
    },

    stats: () => ({
      joined: counts.joined,
      flights: counts.flights,
      ...(cache ? { cache: { ...cache.stats(), waitsTimedOut: counts.waitsTimedOut, stalenessP99Ms: percentile(staleness, 0.99) } } : {}),
    }),

    ready: async () => {
      while (tailStarting && !tail && !closed) await tailStarting;
    },

    close: async () => {
      closed = true;
      closing.abort();
      cache?.clear();
      await tailStarting;
      await tail?.close();
    },
  };
}

function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
