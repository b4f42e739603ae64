import type { Db } from '@puchi/subgraph-kit';
import type { QuizRecord } from './contracts';
import type { QuizGraded, QuizPublished } from './events';

export const MIGRATIONS = [
  // `questions` is the published JSON, correct indexes included: only grading reads them.
  `CREATE TABLE quizzes (
     id TEXT PRIMARY KEY, lesson_id TEXT NOT NULL, title TEXT NOT NULL, passing_score INTEGER NOT NULL, questions TEXT NOT NULL
   )`,
  'CREATE INDEX quizzes_lesson ON quizzes (lesson_id, id)',
  `CREATE TABLE submissions (
     id TEXT PRIMARY KEY, user_id TEXT NOT NULL, quiz_id TEXT NOT NULL, lesson_id TEXT NOT NULL, score INTEGER NOT NULL,
     passed INTEGER NOT NULL, correct_count INTEGER NOT NULL, question_count INTEGER NOT NULL, graded_at TEXT NOT NULL
   )`,
  'CREATE INDEX submissions_user ON submissions (user_id, graded_at)',
];

interface QuizRow {
  id: string;
  lesson_id: string;
  title: string;
  passing_score: number;
  questions: string;
}

const toPublished = (r: QuizRow): QuizPublished => ({
  quizId: r.id,
  lessonId: r.lesson_id,
  title: r.title,
  passingScore: r.passing_score,
  questions: JSON.parse(r.questions) as QuizPublished['questions'],
});

/** What learners may see: the questions without their correct index. */
const toRecord = (r: QuizRow): QuizRecord => {
  const quiz = toPublished(r);
  return {
    id: quiz.quizId,
    lessonId: quiz.lessonId,
    title: quiz.title,
    passingScore: quiz.passingScore,
    questions: quiz.questions.map(({ id, prompt, choices }) => ({ id, prompt, choices })),
  };
};

export function upsertQuiz(db: Db, quiz: QuizPublished): void {
  db.prepare(
    `INSERT INTO quizzes (id, lesson_id, title, passing_score, questions) VALUES (@quizId, @lessonId, @title, @passingScore, @questions)
     ON CONFLICT (id) DO UPDATE SET lesson_id = excluded.lesson_id, title = excluded.title, passing_score = excluded.passing_score,
       questions = excluded.questions`,
  ).run({ ...quiz, questions: JSON.stringify(quiz.questions) });
}

export function insertSubmission(db: Db, graded: QuizGraded): void {
  db.prepare(
    `INSERT OR IGNORE INTO submissions (id, user_id, quiz_id, lesson_id, score, passed, correct_count, question_count, graded_at)
     VALUES (@submissionId, @userId, @quizId, @lessonId, @score, @passed, @correctCount, @questionCount, @gradedAt)`,
  ).run({ ...graded, passed: graded.passed ? 1 : 0 });
}

const rowsIn = (db: Db, column: 'id' | 'lesson_id', values: readonly string[]): QuizRow[] =>
  values.length === 0 ? [] : (db.prepare(`SELECT * FROM quizzes WHERE ${column} IN (${values.map(() => '?').join(',')}) ORDER BY id`).all(...values) as QuizRow[]);

export function quizzesByIds(db: Db, ids: readonly string[]): (QuizRecord | null)[] {
  const byId = new Map(rowsIn(db, 'id', ids).map((r) => [r.id, toRecord(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** A lesson has one quiz; should a second ever be published for it, the first by id wins, deterministically. */
export function quizzesByLessonIds(db: Db, lessonIds: readonly string[]): (QuizRecord | null)[] {
  const byLesson = new Map<string, QuizRecord>();
  for (const row of rowsIn(db, 'lesson_id', lessonIds)) if (!byLesson.has(row.lesson_id)) byLesson.set(row.lesson_id, toRecord(row));
  return lessonIds.map((id) => byLesson.get(id) ?? null);
}

/** The quiz with its correct answers, for grading only. */
export function quizForGrading(db: Db, id: string): QuizPublished | null {
  const row = db.prepare('SELECT * FROM quizzes WHERE id = ?').get(id) as QuizRow | undefined;
  return row ? toPublished(row) : null;
}

export function knownQuizIds(db: Db): Set<string> {
  return new Set(db.prepare('SELECT id FROM quizzes').pluck().all() as string[]);
}
