/**
 * Answers kept per (call, scope, key) until an event evicts them, their TTL ends or room is needed (least recently
 * used first). Evictions are numbered: an answer fetched before an eviction of its entity is not stored after it,
 * since it may predate the event that caused it (`set`'s `fetchedAt`).
 */
export interface CacheSettings {
  /** Entries kept at most. */
  maxEntries: number;
  /** The longest an entry lives, whatever the events say: a bound on what a missed eviction can cost. */
  ttlMs: number;
}

interface Entry {
  value: unknown;
  /** The `ticks` when it was last moved to the back of the recency order (stored or re-inserted). */
  movedAt: number;
  expiresAt: number;
  /** `<topic>\0<entity>`: what evicts it. */
  entity: string;
  bytes: number;
}

/** Entity evictions remembered for stores that were in flight; older ones are summarised by `floor`. */
const REMEMBERED_EVICTIONS = 10_000;

export interface CacheStats {
  entries: number;
  /** The approximate size of the values kept (their JSON length, counted once when stored). */
  bytes: number;
  hits: number;
  misses: number;
  stored: number;
  /** Answers not stored because an eviction of their entity came while they were fetched. */
  refused: number;
  evicted: number;
}

export class EntityCache {
  private readonly entries = new Map<string, Entry>();
  /** Entity → cache keys of its entries. */
  private readonly byEntity = new Map<string, Set<string>>();
  /** Entity (or `<topic>\0*`) → the eviction number that last touched it. */
  private readonly evictions = new Map<string, number>();
  private floor = 0;
  private sequence = 0;
  /** Reads and stores so far: the clock of the recency order. */
  private ticks = 0;
  private bytes = 0;
  private readonly counts = { hits: 0, misses: 0, stored: 0, refused: 0, evicted: 0 };

  constructor(private readonly settings: CacheSettings, private readonly now: () => number = Date.now) {}

  /** The current eviction number: pass it to `set` as `fetchedAt` when a fetch starts. */
  get version(): number {
    return this.sequence;
  }

  get(key: string): { value: unknown } | undefined {
    this.ticks++;
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) {
      if (entry) this.drop(key, entry);
      this.counts.misses++;
      return undefined;
    }
    this.counts.hits++;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used. Not on every hit
    // (a delete and a set per hit were 3 % of the gateway's CPU in scenario b): only when more than a quarter of the
    // capacity in reads and stores came since its last move. At most that many entries touched before its last use
    // can be behind it, so it is kept at least as long as by an exact LRU of three quarters the capacity.
    if (this.ticks - entry.movedAt > this.settings.maxEntries / 4) {
      entry.movedAt = this.ticks;
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return { value: entry.value };
  }

  /** Stores an answer fetched when `version` was `fetchedAt`, unless its entity (or its whole call) was evicted since. */
  set(key: string, topic: string, entity: string, value: unknown, fetchedAt: number): boolean {
    const scoped = `${topic}\0${entity}`;
    const last = Math.max(this.floor, this.evictions.get(scoped) ?? 0, this.evictions.get(`${topic}\0*`) ?? 0);
    if (last > fetchedAt) {
      this.counts.refused++;
      return false;
    }
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    const bytes = key.length + (JSON.stringify(value)?.length ?? 4);
    this.entries.set(key, { value, movedAt: ++this.ticks, expiresAt: this.now() + this.settings.ttlMs, entity: scoped, bytes });
    this.bytes += bytes;
    let keys = this.byEntity.get(scoped);
    if (!keys) this.byEntity.set(scoped, (keys = new Set()));
    keys.add(key);
    this.counts.stored++;
    while (this.entries.size > this.settings.maxEntries) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Entry];
      this.drop(oldest, entry);
    }
    return true;
  }

  /** Evicts a call's entries of `entity` (`'*'`: all its entries), for every scope. */
  evict(topic: string, entity: string): void {
    this.sequence++;
    this.remember(`${topic}\0${entity}`);
    const prefix = `${topic}\0`;
    const doomed =
      entity === '*'
        ? [...this.byEntity].filter(([scoped]) => scoped.startsWith(prefix)).flatMap(([, keys]) => [...keys])
        : [...(this.byEntity.get(`${topic}\0${entity}`) ?? [])];
    for (const key of doomed) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      this.drop(key, entry);
      this.counts.evicted++;
    }
  }

  stats(): CacheStats {
    return { entries: this.entries.size, bytes: this.bytes, ...this.counts };
  }

  /**
   * Drops every entry, and refuses every answer fetched before (its evictions may have been missed: the cache is
   * cleared when its event tail stops).
   */
  clear(): void {
    this.entries.clear();
    this.byEntity.clear();
    this.bytes = 0;
    this.floor = ++this.sequence;
  }

  private remember(scoped: string): void {
    this.evictions.delete(scoped);
    this.evictions.set(scoped, this.sequence);
    if (this.evictions.size <= REMEMBERED_EVICTIONS) return;
    // Forgetting an eviction must not let an answer fetched before it in: the floor stands for every forgotten one.
    const [oldest, at] = this.evictions.entries().next().value as [string, number];
    this.evictions.delete(oldest);
    this.floor = Math.max(this.floor, at);
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    const keys = this.byEntity.get(entry.entity);
    keys?.delete(key);
    if (keys?.size === 0) this.byEntity.delete(entry.entity);
  }
}
