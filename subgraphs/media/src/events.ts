import type { EventViews } from '@puchi/subgraph-kit';
import { z } from 'zod';

/** Events on `media-events` (subject: the asset id). */
export const MEDIA_EVENTS = { attached: 'media.attached' } as const;

/** An asset attached to a lesson or a word (`ownerType`, `ownerId`). */
export const MediaAttached = z.object({
  assetId: z.string(),
  ownerType: z.enum(['lesson', 'word']),
  ownerId: z.string(),
  kind: z.enum(['IMAGE', 'AUDIO', 'VIDEO']),
  url: z.string(),
  mimeType: z.string(),
  altText: z.string(),
  durationSeconds: z.number().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** Where the asset appears among its owner's media, from 0 (added for `Lesson.media`'s order; absent means 0). */
  position: z.number().int().min(0).optional(),
});
export type MediaAttached = z.infer<typeof MediaAttached>;

/** What an analyst sees of each event on the `events` feed: assets are public content, so all of it. */
export const MEDIA_ANALYST_VIEWS: EventViews = {
  [MEDIA_EVENTS.attached]: { show: 'all' },
};
