import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import { WordId } from './contracts';
import { WordAdded } from './events';
import { SEED_VOCABULARY, SEED_WORDS } from './seed';

describe('seed vocabulary', () => {
  it('has five words for every seed lesson: 150 in all', () => {
    expect(SEED_WORDS).toHaveLength(SEED_LESSONS.length * 5);
    expect(SEED_WORDS).toHaveLength(150);
    for (const lesson of SEED_LESSONS) {
      expect(SEED_WORDS.filter((w) => w.lessonId === lesson.id).map((w) => w.position)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('names words <lessonId>-w01 … -w05, unique and valid word ids', () => {
    const ids = SEED_WORDS.map((w) => w.wordId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 6)).toEqual(['es-a1-01-w01', 'es-a1-01-w02', 'es-a1-01-w03', 'es-a1-01-w04', 'es-a1-01-w05', 'es-a1-02-w01']);
    for (const id of ids) expect(WordId.safeParse(id).success).toBe(true);
  });

  it('only covers lessons that exist', () => {
    const lessonIds = new Set(SEED_LESSONS.map((l) => l.id));
    expect(Object.keys(SEED_VOCABULARY).filter((id) => !lessonIds.has(id))).toEqual([]);
  });

  it('is valid word.added payloads with lower-case parts of speech and paired examples', () => {
    for (const word of SEED_WORDS) {
      expect(WordAdded.parse(word)).toEqual(word);
      expect(word.term.trim()).not.toBe('');
      expect(word.translation.trim()).not.toBe('');
      expect(word.partOfSpeech).toMatch(/^[a-z]+$/);
      expect(word.exampleTranslation === null).toBe(word.exampleSentence === null);
    }
  });

  it('terms are unique within a lesson', () => {
    for (const lesson of SEED_LESSONS) {
      const terms = SEED_WORDS.filter((w) => w.lessonId === lesson.id).map((w) => w.term);
      expect(new Set(terms).size).toBe(5);
    }
  });
});
