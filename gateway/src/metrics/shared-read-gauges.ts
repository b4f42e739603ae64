import { gauge, type SharedReads } from '@puchi/subgraph-kit';

export const SHARED_READ_METRICS = {
  joined: 'puchi_read_flights_joined',
  flights: 'puchi_read_flights_started',
  cacheEntries: 'puchi_entity_cache_entries',
  cacheBytes: 'puchi_entity_cache_bytes',
  cacheHits: 'puchi_entity_cache_hits',
  cacheMisses: 'puchi_entity_cache_misses',
  cacheEvicted: 'puchi_entity_cache_evicted',
  stalenessP99: 'puchi_entity_cache_eviction_delay_p99_ms',
} as const;

const sources = new Set<SharedReads>();

/**
 * Single-flight and entity cache counters (since start) and sizes, summed over the gateways of this process, read
 * at scrape time. The eviction delay is the time from an event's write to its eviction here, p99 of the last 2,048.
 * Returns the function that stops counting `reads`.
 */
export function trackSharedReadGauges(reads: SharedReads): () => void {
  const sum = (read: (s: ReturnType<SharedReads['stats']>) => number | null | undefined) => {
    let n = 0;
    for (const s of sources) n += read(s.stats()) ?? 0;
    return n;
  };
  const max = (read: (s: ReturnType<SharedReads['stats']>) => number | null | undefined) => Math.max(0, ...[...sources].map((s) => read(s.stats()) ?? 0));
  gauge({ name: SHARED_READ_METRICS.joined, help: 'Reads answered by an identical read another request had in flight, since start.', collect() { this.set(sum((s) => s.joined)); } });
  gauge({ name: SHARED_READ_METRICS.flights, help: 'Shareable reads sent to a service, since start.', collect() { this.set(sum((s) => s.flights)); } });
  gauge({ name: SHARED_READ_METRICS.cacheEntries, help: 'Answers in the entity cache.', collect() { this.set(sum((s) => s.cache?.entries)); } });
  gauge({ name: SHARED_READ_METRICS.cacheBytes, help: 'Approximate size of the answers in the entity cache (their JSON length).', collect() { this.set(sum((s) => s.cache?.bytes)); } });
  gauge({ name: SHARED_READ_METRICS.cacheHits, help: 'Entity cache hits, since start.', collect() { this.set(sum((s) => s.cache?.hits)); } });
  gauge({ name: SHARED_READ_METRICS.cacheMisses, help: 'Entity cache misses, since start.', collect() { this.set(sum((s) => s.cache?.misses)); } });
  gauge({ name: SHARED_READ_METRICS.cacheEvicted, help: 'Entity cache entries evicted by events, since start.', collect() { this.set(sum((s) => s.cache?.evicted)); } });
  gauge({ name: SHARED_READ_METRICS.stalenessP99, help: 'p99 of the time from an event being written to its eviction here, ms.', collect() { this.set(max((s) => s.cache?.stalenessP99Ms)); } });
  sources.add(reads);
  return () => sources.delete(reads);
}
