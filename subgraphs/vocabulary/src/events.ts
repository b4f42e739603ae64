import type { EventViews } from '@puchi/subgraph-kit';
import { z } from 'zod';

/** Events on `vocabulary-events`. `word.added` subject = word id; `word.reviewed` subject = user id. */
export const VOCABULARY_EVENTS = { wordAdded: 'word.added', wordReviewed: 'word.reviewed' } as const;

/** Word ids are `<lessonId>-wNN` (e.g. `es-a1-01-w03`): media seeds pronunciations by that convention. */
export const WordAdded = z.object({
  wordId: z.string(),
  lessonId: z.string(),
  term: z.string(),
  translation: z.string(),
  partOfSpeech: z.string(),
  exampleSentence: z.string().nullable(),
  exampleTranslation: z.string().nullable(),
  position: z.number().int().min(1),
});
export type WordAdded = z.infer<typeof WordAdded>;

/** Leitner box after the review (1-5) and when the word is due again. */
export const WordReviewed = z.object({
  userId: z.string(),
  wordId: z.string(),
  correct: z.boolean(),
  box: z.number().int().min(1).max(5),
  nextReviewAt: z.string(),
  reviewedAt: z.string(),
});
export type WordReviewed = z.infer<typeof WordReviewed>;

/** What an analyst sees of each event on the `events` feed: words are public; of a review, that it happened, not how it went. */
export const VOCABULARY_ANALYST_VIEWS: EventViews = {
  [VOCABULARY_EVENTS.wordAdded]: { show: 'all' },
  [VOCABULARY_EVENTS.wordReviewed]: { show: ['userId', 'wordId', 'reviewedAt'] },
};
