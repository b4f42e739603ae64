import type { Db } from '@puchi/subgraph-kit';
import type { MediaRecord } from './contracts';
import type { MediaAttached } from './events';

export const MIGRATIONS = [
  `CREATE TABLE assets (
     id TEXT PRIMARY KEY, kind TEXT NOT NULL, url TEXT NOT NULL, mime_type TEXT NOT NULL, alt_text TEXT NOT NULL,
     duration_seconds REAL, width INTEGER, height INTEGER, owner_type TEXT NOT NULL, owner_id TEXT NOT NULL,
     position INTEGER NOT NULL
   )`,
  'CREATE INDEX assets_owner ON assets (owner_type, owner_id, position, id)',
];

type OwnerType = MediaRecord['ownerType'];

interface AssetRow {
  id: string;
  kind: MediaRecord['kind'];
  url: string;
  mime_type: string;
  alt_text: string;
  duration_seconds: number | null;
  width: number | null;
  height: number | null;
  owner_type: OwnerType;
  owner_id: string;
  position: number;
}

const toRecord = (r: AssetRow): MediaRecord => ({
  id: r.id,
  kind: r.kind,
  url: r.url,
  mimeType: r.mime_type,
  altText: r.alt_text,
  durationSeconds: r.duration_seconds,
  width: r.width,
  height: r.height,
  ownerType: r.owner_type,
  ownerId: r.owner_id,
});

/** Attaching an asset id again replaces it (a re-encoded file, new alt text). */
export function upsertAsset(db: Db, asset: MediaAttached): void {
  db.prepare(
    `INSERT INTO assets (id, kind, url, mime_type, alt_text, duration_seconds, width, height, owner_type, owner_id, position)
     VALUES (@assetId, @kind, @url, @mimeType, @altText, @durationSeconds, @width, @height, @ownerType, @ownerId, @position)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, url = excluded.url, mime_type = excluded.mime_type,
       alt_text = excluded.alt_text, duration_seconds = excluded.duration_seconds, width = excluded.width,
       height = excluded.height, owner_type = excluded.owner_type, owner_id = excluded.owner_id, position = excluded.position`,
  ).run({ ...asset, position: asset.position ?? 0 });
}

export function assetsByIds(db: Db, ids: readonly string[]): (MediaRecord | null)[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`SELECT * FROM assets WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as AssetRow[];
  const byId = new Map(rows.map((r) => [r.id, toRecord(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Each owner's assets in display order (position, then id: a stable order replay reproduces). */
export function assetsByOwners(db: Db, ownerType: OwnerType, ownerIds: readonly string[]): MediaRecord[][] {
  if (ownerIds.length === 0) return [];
  const rows = db
    .prepare(`SELECT * FROM assets WHERE owner_type = ? AND owner_id IN (${ownerIds.map(() => '?').join(',')}) ORDER BY position, id`)
    .all(ownerType, ...ownerIds) as AssetRow[];
  const byOwner = new Map<string, MediaRecord[]>();
  for (const row of rows) {
    const list = byOwner.get(row.owner_id) ?? [];
    list.push(toRecord(row));
    byOwner.set(row.owner_id, list);
  }
  return ownerIds.map((id) => byOwner.get(id) ?? []);
}

export function allAssetIds(db: Db): string[] {
  return db.prepare('SELECT id FROM assets').pluck().all() as string[];
}
