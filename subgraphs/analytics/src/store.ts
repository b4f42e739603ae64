import type { Db } from '@puchi/subgraph-kit';
import type { LessonCounts } from './aggregate';
import type { AnalyticsTotalsRecord } from './contracts';

/**
 * Facts, not counters: each table holds one row per distinct fact (a learner registered, a learner active on a
 * day, a learner started a lesson…) so repeated events collapse on the primary key and every number a report
 * gives is a COUNT over rows.
 */
export const MIGRATIONS = [
  'CREATE TABLE learners (user_id TEXT PRIMARY KEY, registered_at TEXT NOT NULL)',
  'CREATE TABLE active_days (date TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (date, user_id)) WITHOUT ROWID',
  `CREATE TABLE lesson_starts (
     lesson_id TEXT NOT NULL, user_id TEXT NOT NULL, started_at TEXT NOT NULL, PRIMARY KEY (lesson_id, user_id)
   ) WITHOUT ROWID`,
  `CREATE TABLE lesson_completions (
     lesson_id TEXT NOT NULL, user_id TEXT NOT NULL, completed_at TEXT NOT NULL, PRIMARY KEY (lesson_id, user_id)
   ) WITHOUT ROWID`,
  `CREATE TABLE quiz_passes (
     event_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, quiz_id TEXT NOT NULL, lesson_id TEXT NOT NULL, passed_at TEXT NOT NULL
   )`,
  'CREATE TABLE lesson_catalog (lesson_id TEXT PRIMARY KEY, course_id TEXT NOT NULL)',
  'CREATE INDEX lesson_catalog_course ON lesson_catalog (course_id)',
];

export function addLearner(db: Db, userId: string, registeredAt: string): void {
  db.prepare('INSERT OR IGNORE INTO learners (user_id, registered_at) VALUES (?, ?)').run(userId, registeredAt);
}

export function markActive(db: Db, userId: string, date: string): void {
  db.prepare('INSERT OR IGNORE INTO active_days (date, user_id) VALUES (?, ?)').run(date, userId);
}

export function addLessonStart(db: Db, userId: string, lessonId: string, at: string): void {
  db.prepare('INSERT OR IGNORE INTO lesson_starts (lesson_id, user_id, started_at) VALUES (?, ?, ?)').run(lessonId, userId, at);
}

/** Completing implies having started: recording both keeps a lesson's rate within 0..1 whatever arrives first. */
export function addLessonCompletion(db: Db, userId: string, lessonId: string, at: string): void {
  addLessonStart(db, userId, lessonId, at);
  db.prepare('INSERT OR IGNORE INTO lesson_completions (lesson_id, user_id, completed_at) VALUES (?, ?, ?)').run(lessonId, userId, at);
}

export function addQuizPass(db: Db, eventId: string, pass: { userId: string; quizId: string; lessonId: string; at: string }): void {
  db.prepare('INSERT OR IGNORE INTO quiz_passes (event_id, user_id, quiz_id, lesson_id, passed_at) VALUES (?, ?, ?, ?, ?)').run(
    eventId,
    pass.userId,
    pass.quizId,
    pass.lessonId,
    pass.at,
  );
}

/** A lesson republished into another course moves there. */
export function catalogLesson(db: Db, lessonId: string, courseId: string): void {
  db.prepare('INSERT INTO lesson_catalog (lesson_id, course_id) VALUES (?, ?) ON CONFLICT (lesson_id) DO UPDATE SET course_id = excluded.course_id').run(
    lessonId,
    courseId,
  );
}

/** Whether an event id is already in the store (its effect is recorded); see `applyOnce`. */
export function isApplied(db: Db, eventId: string): boolean {
  return db.prepare('SELECT 1 FROM applied_events WHERE event_id = ?').get(eventId) !== undefined;
}

export function courseKnown(db: Db, courseId: string): boolean {
  return db.prepare('SELECT 1 FROM lesson_catalog WHERE course_id = ? LIMIT 1').get(courseId) !== undefined;
}

/** Distinct started/completed learners per lesson: the course's cataloged lessons, or every lesson seen. */
export function lessonCounts(db: Db, courseId?: string | null): LessonCounts[] {
  const lessons = courseId
    ? 'SELECT lesson_id FROM lesson_catalog WHERE course_id = @courseId'
    : 'SELECT lesson_id FROM lesson_catalog UNION SELECT lesson_id FROM lesson_starts';
  return db
    .prepare(
      `SELECT l.lesson_id AS lessonId,
              (SELECT COUNT(*) FROM lesson_starts s WHERE s.lesson_id = l.lesson_id) AS learnersStarted,
              (SELECT COUNT(*) FROM lesson_completions c WHERE c.lesson_id = l.lesson_id) AS learnersCompleted
       FROM (${lessons}) l`,
    )
    .all(courseId ? { courseId } : {}) as LessonCounts[];
}

/** Distinct active learners per day within `from`..`to`; days without activity are absent. */
export function activeCounts(db: Db, from: string, to: string): Map<string, number> {
  const rows = db.prepare('SELECT date, COUNT(*) AS n FROM active_days WHERE date BETWEEN ? AND ? GROUP BY date').all(from, to) as { date: string; n: number }[];
  return new Map(rows.map((r) => [r.date, r.n]));
}

export function totals(db: Db): AnalyticsTotalsRecord {
  const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  return { registeredUsers: count('learners'), lessonsCompleted: count('lesson_completions'), quizzesPassed: count('quiz_passes') };
}
