import { handler, projection, type DomainServiceDefinition } from '@puchi/subgraph-kit';
import { getLessonMedia, getMediaById, getWordMedia } from './contracts';
import { MEDIA_EVENTS, MediaAttached } from './events';
import { SEED_MEDIA, seedEventId } from './seed';
import { allAssetIds, assetsByIds, assetsByOwners, MIGRATIONS, upsertAsset } from './store';

/** The media service: owns asset metadata (the files live on the CDN), answers reads, publishes `media-events`. */
export const mediaService: DomainServiceDefinition = {
  domain: 'media',
  migrations: MIGRATIONS,

  projections: {
    [MEDIA_EVENTS.attached]: projection(MediaAttached, upsertAsset),
  },

  // Media is public (lesson content): no identity is needed to read it.
  handlers: ({ db }) => [
    handler(getMediaById, ({ keys }) => ({ values: assetsByIds(db, keys) })),
    handler(getLessonMedia, ({ keys }) => ({ values: assetsByOwners(db, 'lesson', keys) })),
    handler(getWordMedia, ({ keys }) => ({ values: assetsByOwners(db, 'word', keys) })),
  ],

  /**
   * Attaches the seed assets the store lacks; event ids are fixed per content (see `seedEventId`), so a second
   * run (or instance) adds nothing.
   * All ~210 at once: the publisher coalesces concurrent sends into a few produce requests.
   */
  async afterStart({ db, emit }) {
    const known = new Set(allAssetIds(db));
    await Promise.all(
      SEED_MEDIA.filter((a) => !known.has(a.assetId)).map((a) => emit({ id: seedEventId(a), type: MEDIA_EVENTS.attached, subject: a.assetId, payload: a })),
    );
  },
};
