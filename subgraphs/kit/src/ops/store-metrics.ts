import type { Db } from '../store';
import { gauge } from './families';

export const STORE_METRICS = {
  size: 'puchi_store_size_bytes',
} as const;

const stores = new Map<string, Db>();

/**
 * Reports `db`'s size as `puchi_store_size_bytes{domain}` at every scrape (page_count × page_size: the main file,
 * without its WAL), until the returned function is called. Read at scrape time, so the request path pays nothing.
 */
export function trackStoreSize(domain: string, db: Db): () => void {
  gauge({
    name: STORE_METRICS.size,
    help: 'Size of each domain store in this process (SQLite page_count × page_size), bytes.',
    labelNames: ['domain'] as const,
    collect() {
      this.reset();
      for (const [name, store] of stores) {
        if (!store.open) continue;
        const pages = store.pragma('page_count', { simple: true }) as number;
        const pageSize = store.pragma('page_size', { simple: true }) as number;
        this.labels(name).set(pages * pageSize);
      }
    },
  });
  stores.set(domain, db);
  return () => {
    if (stores.get(domain) === db) stores.delete(domain);
  };
}
