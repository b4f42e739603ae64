import { BadUserInputError, handler, projection, requireUser, type DomainServiceDefinition } from '@puchi/subgraph-kit';
import { getLessonVocabulary, getWordById, getWordsDue, reviewWord } from './contracts';
import { VOCABULARY_EVENTS, WordAdded, WordReviewed } from './events';
import { scheduleReview } from './leitner';
import { SEED_WORDS } from './seed';
import { allWordIds, currentBox, dueWords, MIGRATIONS, recordReview, upsertWord, wordExists, wordsByIds, wordsByLessons } from './store';

export interface VocabularyServiceOptions {
  /** The clock reviews are scheduled and due words selected by. Default: the system clock (tests move it). */
  now?: () => Date;
}

/**
 * The vocabulary service: owns words and each learner's Leitner review state, answers reads, publishes
 * `vocabulary-events`. Private reads and writes use the caller from the request's signed identity token, never a
 * user id in the payload.
 */
export function createVocabularyService(options: VocabularyServiceOptions = {}): DomainServiceDefinition {
  const now = options.now ?? (() => new Date());
  return {
    domain: 'vocabulary',
    migrations: MIGRATIONS,

    projections: {
      [VOCABULARY_EVENTS.wordAdded]: projection(WordAdded, upsertWord),
      [VOCABULARY_EVENTS.wordReviewed]: projection(WordReviewed, recordReview),
    },

    handlers: ({ db, emit }) => [
      handler(getLessonVocabulary, ({ keys }) => ({ values: wordsByLessons(db, keys) })),
      handler(getWordById, ({ keys }) => ({ values: wordsByIds(db, keys) })),
      handler(getWordsDue, ({ first }, context) => {
        const { userId } = requireUser(context.identity);
        return { words: dueWords(db, userId, now().toISOString(), first) };
      }),
      handler(reviewWord, async ({ wordId, correct }, context) => {
        const { userId } = requireUser(context.identity);
        if (!wordExists(db, wordId)) throw new BadUserInputError('wordId', `no word "${wordId}"`);
        const reviewedAt = now();
        const { box, nextReviewAt } = scheduleReview(currentBox(db, userId, wordId), correct, reviewedAt);
        const payload: WordReviewed = { userId, wordId, correct, box, nextReviewAt, reviewedAt: reviewedAt.toISOString() };
        // From the event as applied: a repeat of this review (its reply lost) answers the box the first run set.
        const applied = (await emit({ type: VOCABULARY_EVENTS.wordReviewed, subject: userId, payload, occurredAt: reviewedAt }, context)).payload;
        return { wordId, correct, box: applied.box, nextReviewAt: applied.nextReviewAt };
      }),
    ],

    /** Publishes the seed words the store lacks; event ids are fixed, so a second run (or instance) adds nothing. */
    async afterStart({ db, emit }) {
      const known = allWordIds(db);
      await Promise.all(
        SEED_WORDS.filter((w) => !known.has(w.wordId)).map((w) =>
          emit({ id: `seed:word:${w.wordId}`, type: VOCABULARY_EVENTS.wordAdded, subject: w.wordId, payload: w }),
        ),
      );
    },
  };
}

export const vocabularyService = createVocabularyService();
