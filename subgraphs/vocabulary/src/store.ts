import type { Db } from '@puchi/subgraph-kit';
import type { WordRecord } from './contracts';
import type { WordAdded, WordReviewed } from './events';

export const MIGRATIONS = [
  `CREATE TABLE words (
     id TEXT PRIMARY KEY, lesson_id TEXT NOT NULL, position INTEGER NOT NULL, term TEXT NOT NULL, translation TEXT NOT NULL,
     part_of_speech TEXT NOT NULL, example_sentence TEXT, example_translation TEXT
   )`,
  'CREATE INDEX words_lesson ON words (lesson_id, position)',
  // One row per learner and word: the Leitner state after the latest review.
  `CREATE TABLE reviews (
     user_id TEXT NOT NULL, word_id TEXT NOT NULL, box INTEGER NOT NULL, next_review_at TEXT NOT NULL, reviewed_at TEXT NOT NULL,
     PRIMARY KEY (user_id, word_id)
   )`,
  'CREATE INDEX reviews_due ON reviews (user_id, next_review_at)',
];

interface WordRow {
  id: string;
  lesson_id: string;
  position: number;
  term: string;
  translation: string;
  part_of_speech: string;
  example_sentence: string | null;
  example_translation: string | null;
}

const toWord = (r: WordRow): WordRecord => ({
  id: r.id,
  lessonId: r.lesson_id,
  term: r.term,
  translation: r.translation,
  partOfSpeech: r.part_of_speech,
  exampleSentence: r.example_sentence,
  exampleTranslation: r.example_translation,
});

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

export function upsertWord(db: Db, word: WordAdded): void {
  db.prepare(
    `INSERT INTO words (id, lesson_id, position, term, translation, part_of_speech, example_sentence, example_translation)
     VALUES (@wordId, @lessonId, @position, @term, @translation, @partOfSpeech, @exampleSentence, @exampleTranslation)
     ON CONFLICT (id) DO UPDATE SET lesson_id = excluded.lesson_id, position = excluded.position, term = excluded.term,
       translation = excluded.translation, part_of_speech = excluded.part_of_speech,
       example_sentence = excluded.example_sentence, example_translation = excluded.example_translation`,
  ).run(word);
}

/**
 * Keeps the latest review per learner and word. Events of one learner arrive in order (subject = user id),
 * but the guard on `reviewed_at` keeps a replayed or late older review from undoing a newer one.
 */
export function recordReview(db: Db, review: WordReviewed): void {
  db.prepare(
    `INSERT INTO reviews (user_id, word_id, box, next_review_at, reviewed_at) VALUES (@userId, @wordId, @box, @nextReviewAt, @reviewedAt)
     ON CONFLICT (user_id, word_id) DO UPDATE SET box = excluded.box, next_review_at = excluded.next_review_at, reviewed_at = excluded.reviewed_at
     WHERE excluded.reviewed_at >= reviews.reviewed_at`,
  ).run(review);
}

export function wordsByIds(db: Db, ids: readonly string[]): (WordRecord | null)[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`SELECT * FROM words WHERE id IN (${placeholders(ids.length)})`).all(...ids) as WordRow[];
  const byId = new Map(rows.map((r) => [r.id, toWord(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export function wordsByLessons(db: Db, lessonIds: readonly string[]): WordRecord[][] {
  if (lessonIds.length === 0) return [];
  const rows = db.prepare(`SELECT * FROM words WHERE lesson_id IN (${placeholders(lessonIds.length)}) ORDER BY position, id`).all(...lessonIds) as WordRow[];
  const byLesson = new Map<string, WordRecord[]>();
  for (const r of rows) {
    const words = byLesson.get(r.lesson_id);
    if (words) words.push(toWord(r));
    else byLesson.set(r.lesson_id, [toWord(r)]);
  }
  return lessonIds.map((id) => byLesson.get(id) ?? []);
}

export function wordExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM words WHERE id = ?').get(id) !== undefined;
}

export function allWordIds(db: Db): Set<string> {
  return new Set(db.prepare('SELECT id FROM words').pluck().all() as string[]);
}

/** The learner's current box for a word, or null if they never reviewed it. */
export function currentBox(db: Db, userId: string, wordId: string): number | null {
  return (db.prepare('SELECT box FROM reviews WHERE user_id = ? AND word_id = ?').pluck().get(userId, wordId) as number | undefined) ?? null;
}

/** Words due at `now` (ISO strings from `toISOString()` compare correctly as text), most overdue first. */
export function dueWords(db: Db, userId: string, now: string, first: number): WordRecord[] {
  const rows = db
    .prepare(
      `SELECT w.* FROM reviews r JOIN words w ON w.id = r.word_id
       WHERE r.user_id = ? AND r.next_review_at <= ? ORDER BY r.next_review_at, w.id LIMIT ?`,
    )
    .all(userId, now, first) as WordRow[];
  return rows.map(toWord);
}
