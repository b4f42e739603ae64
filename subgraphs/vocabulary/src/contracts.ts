import { eventTopic, requestTopic } from '@puchi/kafka';
import { bySubject, byType, defineBatchCall, defineCall, payloadField } from '@puchi/subgraph-kit';
import { EntityId } from '@puchi/subgraph-lesson';
import { z } from 'zod';
import { VOCABULARY_EVENTS } from './events';

/** The vocabulary domain's message contracts: imported by its resolvers (caller) and its service (responder). */

/** `<lessonId>-wNN`, e.g. `es-a1-01-w03`; anything else is refused before it reaches the store. */
export const WordId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,60}-w\d{2}$/, 'must be a word id such as "es-a1-01-w03"');

export const WordRecord = z.object({
  id: z.string(),
  lessonId: z.string(),
  term: z.string(),
  translation: z.string(),
  partOfSpeech: z.string(),
  exampleSentence: z.string().nullable(),
  exampleTranslation: z.string().nullable(),
});
export type WordRecord = z.infer<typeof WordRecord>;

export const WordReviewRecord = z.object({
  wordId: z.string(),
  correct: z.boolean(),
  box: z.number().int().min(1).max(5),
  nextReviewAt: z.string(),
});
export type WordReviewRecord = z.infer<typeof WordReviewRecord>;

export const MAX_DUE_WORDS = 100;
const pageSize = z
  .number()
  .int(`must be between 1 and ${MAX_DUE_WORDS}`)
  .min(1, `must be between 1 and ${MAX_DUE_WORDS}`)
  .max(MAX_DUE_WORDS, `must be between 1 and ${MAX_DUE_WORDS}`);

/** Lesson id → its words in position order (empty for a lesson without vocabulary, never null). */
export const getLessonVocabulary = defineBatchCall(requestTopic('get-lesson-vocabulary', 'vocabulary'), EntityId, z.array(WordRecord), {
  sharing: { scope: 'public', invalidatedBy: { [eventTopic('vocabulary')]: byType({ [VOCABULARY_EVENTS.wordAdded]: payloadField('lessonId') }) } },
});
/** Word id → the word, or null. */
export const getWordById = defineBatchCall(requestTopic('get-word-by-id', 'vocabulary'), WordId, WordRecord, {
  sharing: { scope: 'public', invalidatedBy: { [eventTopic('vocabulary')]: byType({ [VOCABULARY_EVENTS.wordAdded]: bySubject }) } },
});

/**
 * The caller's words due for review (from the request's identity, never the payload), most overdue first.
 * Only words the caller has reviewed are scheduled; a word never reviewed is not due.
 */
// Not cached: words fall due as time passes, with no event to say so.
export const getWordsDue = defineCall(requestTopic('get-words-due', 'vocabulary'), z.object({ first: pageSize }), z.object({ words: z.array(WordRecord) }), { sharing: { scope: 'caller' } });

/** Records the caller's review of a word and returns its new Leitner box and due time. */
export const reviewWord = defineCall(requestTopic('review-word', 'vocabulary'), z.object({ wordId: WordId, correct: z.boolean() }), WordReviewRecord);
