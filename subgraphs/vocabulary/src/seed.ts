import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import type { WordAdded } from './events';
import { FRENCH_WORDS } from './seed-french';
import { GERMAN_WORDS } from './seed-german';
import { JAPANESE_WORDS } from './seed-japanese';
import { SPANISH_WORDS } from './seed-spanish';

export const WORDS_PER_SEED_LESSON = 5;

export const SEED_VOCABULARY = { ...SPANISH_WORDS, ...FRENCH_WORDS, ...JAPANESE_WORDS, ...GERMAN_WORDS };

/** `<lessonId>-wNN`: the media domain seeds pronunciations by this convention. */
export const wordIdOf = (lessonId: string, position: number) => `${lessonId}-w${String(position).padStart(2, '0')}`;

/**
 * The seed vocabulary: five words for each seed lesson, in lesson order. Pure data (safe to import from other
 * domains); a lesson without exactly five words fails at import, so a gap can't ship silently.
 */
export const SEED_WORDS: WordAdded[] = SEED_LESSONS.flatMap((lesson) => {
  const words = SEED_VOCABULARY[lesson.id];
  if (words?.length !== WORDS_PER_SEED_LESSON) {
    throw new Error(`seed vocabulary: lesson "${lesson.id}" has ${words?.length ?? 0} words, expected ${WORDS_PER_SEED_LESSON}`);
  }
  return words.map(([term, translation, partOfSpeech, example, exampleTranslation], i) => ({
    wordId: wordIdOf(lesson.id, i + 1),
    lessonId: lesson.id,
    term,
    translation,
    partOfSpeech,
    exampleSentence: example ?? null,
    exampleTranslation: example ? (exampleTranslation ?? null) : null,
    position: i + 1,
  }));
});
