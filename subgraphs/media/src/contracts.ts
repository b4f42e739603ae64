import { eventTopic, requestTopic } from '@puchi/kafka';
import { bySubject, defineBatchCall, payloadField, type ReadSharing } from '@puchi/subgraph-kit';
import { z } from 'zod';

/** The media domain's message contracts: imported by its resolvers (caller) and its service (responder). */

/** Asset, lesson and word ids are all lowercase slugs (`media-es-a1-01-cover`, `es-a1-01`, `es-a1-01-w03`). */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MediaId = z.string().regex(ID_PATTERN, 'must be a media id such as "media-es-a1-01-cover"');
export const WordId = z.string().regex(ID_PATTERN, 'must be a word id such as "es-a1-01-w01"');
export const LessonId = z.string().regex(ID_PATTERN, 'must be a lesson id such as "es-a1-01"');

export const MediaKind = z.enum(['IMAGE', 'AUDIO', 'VIDEO']);
export const OwnerType = z.enum(['lesson', 'word']);

export const MediaRecord = z.object({
  id: z.string(),
  kind: MediaKind,
  url: z.string(),
  mimeType: z.string(),
  altText: z.string(),
  /** Seconds for AUDIO and VIDEO; null for IMAGE. */
  durationSeconds: z.number().nullable(),
  /** Pixels for IMAGE and VIDEO; null for AUDIO. */
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  ownerType: OwnerType,
  ownerId: z.string(),
});
export type MediaRecord = z.infer<typeof MediaRecord>;

/** Media is public; `media.attached` (subject: the asset) changes the asset and its owner's list. */
const media = (invalidation: NonNullable<ReadSharing['invalidatedBy']>[string]): ReadSharing => ({ scope: 'public', invalidatedBy: { [eventTopic('media')]: invalidation } });

/** Unknown asset: null. */
export const getMediaById = defineBatchCall(requestTopic('get-media-by-id', 'media'), MediaId, MediaRecord, { sharing: media(bySubject) });
/** A lesson's media in display order; an unknown lesson (or one without media) has none: `[]`, never null. */
export const getLessonMedia = defineBatchCall(requestTopic('get-lesson-media', 'media'), LessonId, z.array(MediaRecord), { sharing: media(payloadField('ownerId')) });
/** A word's media in display order; `[]` when it has none. */
export const getWordMedia = defineBatchCall(requestTopic('get-word-media', 'media'), WordId, z.array(MediaRecord), { sharing: media(payloadField('ownerId')) });
