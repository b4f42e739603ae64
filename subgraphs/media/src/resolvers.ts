import { BadUserInputError } from '@puchi/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types';
import { getLessonMedia, getMediaById, getWordMedia, ID_PATTERN } from './contracts';

/**
 * Ids are checked here, not only in the service: one malformed key would fail the whole DataLoader batch (every
 * lesson in a list losing its media). A malformed reference id from another subgraph has no media: `[]` / null.
 */
export const resolvers: Resolvers = {
  Query: {
    mediaAsset: (_parent, { id }, ctx) => {
      if (!ID_PATTERN.test(id)) throw new BadUserInputError('id', 'must be a media id such as "media-es-a1-01-cover"');
      return ctx.load(getMediaById, id);
    },
  },
  MediaAsset: {
    __resolveReference: (ref, ctx) => (ID_PATTERN.test(ref.id) ? ctx.load(getMediaById, ref.id) : null),
  },
  Lesson: {
    __resolveReference: (ref) => ref,
    media: async (lesson, _args, ctx) => (ID_PATTERN.test(lesson.id) ? ((await ctx.load(getLessonMedia, lesson.id)) ?? []) : []),
  },
  Word: {
    __resolveReference: (ref) => ref,
    media: async (word, _args, ctx) => (ID_PATTERN.test(word.id) ? ((await ctx.load(getWordMedia, word.id)) ?? []) : []),
  },
};
