import { EntityCache } from './entity-cache';

describe('EntityCache', () => {
  const settings = { maxEntries: 3, ttlMs: 1000 };

  it('keeps an answer until an event evicts its entity, in every scope', () => {
    const cache = new EntityCache(settings);
    const at = cache.version;
    expect(cache.set('t\0ana\0k1', 't', 'u1', { name: 'A' }, at)).toBe(true);
    expect(cache.set('t\0ben\0k1', 't', 'u1', { name: 'A (for Ben)' }, at)).toBe(true);
    expect(cache.set('t\0ana\0k2', 't', 'u2', { name: 'B' }, at)).toBe(true);
    expect(cache.get('t\0ana\0k1')).toEqual({ value: { name: 'A' } });
    cache.evict('t', 'u1');
    expect(cache.get('t\0ana\0k1')).toBeUndefined();
    expect(cache.get('t\0ben\0k1')).toBeUndefined();
    expect(cache.get('t\0ana\0k2')).toEqual({ value: { name: 'B' } });
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 2, misses: 2, stored: 3, evicted: 2 });
  });

  it('refuses an answer fetched before an eviction of its entity, or of its whole call', () => {
    const cache = new EntityCache(settings);
    const before = cache.version;
    cache.evict('t', 'u1');
    expect(cache.set('k1', 't', 'u1', 1, before)).toBe(false);
    expect(cache.set('k2', 't', 'u2', 2, before)).toBe(true);
    expect(cache.set('k3', 'other', 'u1', 3, before)).toBe(true);
    const next = cache.version;
    expect(cache.set('k1', 't', 'u1', 1, next)).toBe(true);
    cache.evict('t', '*');
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.get('k2')).toBeUndefined();
    expect(cache.get('k3')).toEqual({ value: 3 });
    expect(cache.set('k2', 't', 'u2', 2, next)).toBe(false);
    expect(cache.stats().refused).toBe(2);
  });

  it('still refuses a stale answer once the eviction that makes it stale is forgotten', () => {
    const cache = new EntityCache({ maxEntries: 10, ttlMs: 1000 });
    const before = cache.version;
    cache.evict('t', 'u1');
    for (let i = 0; i < 10_001; i++) cache.evict('t', `other-${i}`);
    expect(cache.set('k1', 't', 'u1', 1, before)).toBe(false);
  });

  it('refuses, once cleared, every answer fetched before (evictions may have been missed meanwhile)', () => {
    const cache = new EntityCache(settings);
    const before = cache.version;
    cache.set('k1', 't', 'u1', 1, before);
    cache.clear();
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.set('k2', 't', 'u2', 2, before)).toBe(false);
    expect(cache.set('k2', 't', 'u2', 2, cache.version)).toBe(true);
  });

  it('drops entries past their TTL and the least recently used past its size', () => {
    let now = 0;
    const cache = new EntityCache(settings, () => now);
    for (const k of ['a', 'b', 'c']) cache.set(k, 't', k, k, 0);
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used
    cache.set('d', 't', 'd', 'd', 0);
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((k) => cache.get(k)?.value)).toEqual(['a', 'c', 'd']);
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.stats().entries).toBe(2);
  });

  it('keeps the recently read entries of a large cache, though a hit moves an entry only once per quarter of the capacity', () => {
    const cache = new EntityCache({ maxEntries: 40, ttlMs: 1000 }, () => 0);
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    for (const k of keys) cache.set(k, 't', k, k, 0);
    // Read the oldest ten, each many times, then fill in ten new ones: an exact LRU would drop k10..k19.
    for (let round = 0; round < 5; round++) for (const k of keys.slice(0, 10)) expect(cache.get(k)).toBeDefined();
    for (let i = 40; i < 50; i++) cache.set(`k${i}`, 't', `k${i}`, i, 0);
    expect(keys.slice(0, 10).filter((k) => cache.get(k) === undefined)).toEqual([]);
    expect(keys.slice(10, 20).filter((k) => cache.get(k) !== undefined)).toEqual([]);
  });
});
