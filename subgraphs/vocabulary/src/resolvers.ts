import { BadUserInputError, ERROR_CODES, requireUser, type SubgraphContext } from '@puchi/subgraph-kit';
import { GraphQLError } from 'graphql';
import type { Resolvers, Word } from './__generated__/resolvers-types';
import { getLessonVocabulary, getWordById, getWordsDue, reviewWord, WordId, type WordRecord } from './contracts';

/** A word as the schema returns it: its lesson is a reference the lesson subgraph resolves. */
type WordNode = Omit<Word, 'lesson'> & { lesson: { id: string } };

const toWordNode = ({ lessonId, ...word }: WordRecord): WordNode => ({ ...word, lesson: { id: lessonId } });

/** A reviewed word that no longer loads is a broken store, not a client error. */
function required<T>(value: T | null, what: string): T {
  if (value === null) throw new GraphQLError(`${what} is missing`, { extensions: { code: ERROR_CODES.internal } });
  return value;
}

async function loadWord(ctx: SubgraphContext, id: string): Promise<WordNode | null> {
  const word = await ctx.load(getWordById, id);
  return word && toWordNode(word);
}

export const resolvers: Resolvers = {
  Query: {
    word: (_parent, { id }, ctx) => {
      // A malformed id is a client mistake worth naming; a well-formed unknown one is just "no such word".
      if (!WordId.safeParse(id).success) throw new BadUserInputError('id', 'must be a word id such as "es-a1-01-w03"');
      return loadWord(ctx, id);
    },
    wordsDueForReview: async (_parent, { first }, ctx) => {
      const { userId } = requireUser(ctx.identity);
      // Keyed by learner, as their reviews are: answered by the instance that applied them (read-your-writes).
      const { words } = await ctx.call(getWordsDue, { first: first ?? 20 }, { key: userId });
      return words.map(toWordNode);
    },
  },
  Mutation: {
    reviewWord: async (_parent, { wordId, correct }, ctx, info) => {
      const { userId } = requireUser(ctx.identity);
      // Keyed by learner: one learner's reviews are answered in order, so two quick reviews never read the same box.
      const review = await ctx.call(reviewWord, { wordId, correct }, { key: userId, mutation: info.path });
      return { ...review, word: required(await loadWord(ctx, review.wordId), `word ${review.wordId}`) };
    },
  },
  Lesson: {
    // Vocabulary adds `vocabulary` to Lesson; any lesson id is a valid reference (unknown lessons have no words).
    __resolveReference: (ref) => ref,
    vocabulary: async (lesson, _args, ctx) => ((await ctx.load(getLessonVocabulary, lesson.id)) ?? []).map(toWordNode),
  },
  Word: {
    __resolveReference: (ref, ctx) => loadWord(ctx, ref.id),
    lesson: async (word, _args, ctx) => {
      if ('lesson' in word) return word.lesson;
      return { id: required(await ctx.load(getWordById, word.id), `word ${word.id}`).lessonId };
    },
  },
  WordReview: {
    word: async (review, _args, ctx) => ('term' in review.word ? review.word : required(await loadWord(ctx, review.word.id), `word ${review.word.id}`)),
  },
};
