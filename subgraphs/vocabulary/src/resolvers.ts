import { BadUserInputError, ERROR_CODES, requireUser, type SubgraphContext } from '@puchi/subgraph-kit';
import { GraphQLError } from 'graphql';
import type { Resolvers, Word } from './__generated__/resolvers-types';
import { getLessonVocabulary, getWordById, getWordsDue, reviewWord, WordId, type WordRecord } from './contracts';

/** A word as the schema returns it: its lesson is a reference the lesson subgraph resolves. */
type WordNode = Omit<Word, 'lesson'> & { lesson: { id: string } };

const toWordNode = ({ lessonId, ...word }: WordRecord): WordNode => ({ ...word, lesson: { id: lessonId } });

const NO_WORDS: readonly WordRecord[] = [];

/**
 * A lesson's words, mapped once per list loaded: the gateway's entity cache hands every request the same list
 * object, and mapping 20 lessons' words on each request was 7 % of the gateway's CPU in bench scenario b.
 * Nothing mutates the nodes, so requests may share them.
 */
const wordNodeLists = new WeakMap<readonly WordRecord[], WordNode[]>();
function toWordNodes(words: readonly WordRecord[]): WordNode[] {
  let nodes = wordNodeLists.get(words);
  if (!nodes) wordNodeLists.set(words, (nodes = words.map(toWordNode)));
  return nodes;
}

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
    vocabulary: async (lesson, _args, ctx) => toWordNodes((await ctx.load(getLessonVocabulary, lesson.id)) ?? NO_WORDS),
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
