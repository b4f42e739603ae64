import type { Db } from '@puchi/subgraph-kit';
import type { LessonProgressKey, LessonProgressRecord, UserProgressRecord } from './contracts';
import type { LessonCataloged, LessonCompleted, LessonStarted } from './events';
import type { LessonState } from './rules';
import { streaks, utcDay } from './streak';

export const MIGRATIONS = [
  'CREATE TABLE lesson_catalog (lesson_id TEXT PRIMARY KEY, course_id TEXT NOT NULL)',
  `CREATE TABLE lesson_progress (
     user_id TEXT NOT NULL, lesson_id TEXT NOT NULL, started_at TEXT NOT NULL, completed_at TEXT, score INTEGER,
     last_activity_at TEXT NOT NULL, PRIMARY KEY (user_id, lesson_id)
   )`,
  'CREATE INDEX lesson_progress_activity ON lesson_progress (user_id, last_activity_at)',
  // Every UTC day with at least one completion: what streaks are computed from.
  'CREATE TABLE completion_days (user_id TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (user_id, day))',
];

interface ProgressRow {
  user_id: string;
  lesson_id: string;
  started_at: string;
  completed_at: string | null;
  score: number | null;
}

const toRecord = (r: ProgressRow): LessonProgressRecord => ({
  lessonId: r.lesson_id,
  status: r.completed_at ? 'COMPLETED' : 'IN_PROGRESS',
  score: r.score,
  startedAt: r.started_at,
  completedAt: r.completed_at,
});

export function catalogLesson(db: Db, lesson: LessonCataloged): void {
  db.prepare('INSERT INTO lesson_catalog (lesson_id, course_id) VALUES (@lessonId, @courseId) ON CONFLICT (lesson_id) DO UPDATE SET course_id = excluded.course_id').run(lesson);
}

/** Keeps the first start, whatever order starts arrive in. */
export function recordStart(db: Db, started: LessonStarted): void {
  db.prepare(
    `INSERT INTO lesson_progress (user_id, lesson_id, started_at, last_activity_at) VALUES (@userId, @lessonId, @startedAt, @startedAt)
     ON CONFLICT (user_id, lesson_id) DO UPDATE SET started_at = MIN(started_at, excluded.started_at),
       last_activity_at = MAX(last_activity_at, excluded.last_activity_at)`,
  ).run(started);
}

/** Keeps the first completion time and the best score; a completion without a start also starts the lesson. */
export function recordCompletion(db: Db, completed: LessonCompleted): void {
  db.prepare(
    `INSERT INTO lesson_progress (user_id, lesson_id, started_at, completed_at, score, last_activity_at)
     VALUES (@userId, @lessonId, @completedAt, @completedAt, @score, @completedAt)
     ON CONFLICT (user_id, lesson_id) DO UPDATE SET
       completed_at = COALESCE(MIN(completed_at, excluded.completed_at), excluded.completed_at),
       score = CASE WHEN score IS NULL THEN excluded.score WHEN excluded.score IS NULL THEN score ELSE MAX(score, excluded.score) END,
       last_activity_at = MAX(last_activity_at, excluded.last_activity_at)`,
  ).run(completed);
  db.prepare('INSERT OR IGNORE INTO completion_days (user_id, day) VALUES (?, ?)').run(completed.userId, utcDay(completed.completedAt));
}

/** The course of a cataloged lesson; undefined for a lesson progress never heard of. */
export function catalogedCourse(db: Db, lessonId: string): string | undefined {
  return db.prepare('SELECT course_id FROM lesson_catalog WHERE lesson_id = ?').pluck().get(lessonId) as string | undefined;
}

export function lessonState(db: Db, userId: string, lessonId: string): LessonState | null {
  const row = db.prepare('SELECT started_at, completed_at FROM lesson_progress WHERE user_id = ? AND lesson_id = ?').get(userId, lessonId) as
    | Pick<ProgressRow, 'started_at' | 'completed_at'>
    | undefined;
  return row ? { startedAt: row.started_at, completedAt: row.completed_at } : null;
}

export function completionDays(db: Db, userId: string): string[] {
  return db.prepare('SELECT day FROM completion_days WHERE user_id = ? ORDER BY day').pluck().all(userId) as string[];
}

export function lessonProgressOf(db: Db, keys: readonly LessonProgressKey[]): (LessonProgressRecord | null)[] {
  const get = db.prepare('SELECT * FROM lesson_progress WHERE user_id = ? AND lesson_id = ?');
  return keys.map(({ userId, lessonId }) => {
    const row = get.get(userId, lessonId) as ProgressRow | undefined;
    return row ? toRecord(row) : null;
  });
}

/** `today` (UTC day) decides whether the latest streak is still current. */
export function userProgressOf(db: Db, userIds: readonly string[], today: string): UserProgressRecord[] {
  const lessons = db.prepare('SELECT * FROM lesson_progress WHERE user_id = ? ORDER BY last_activity_at DESC, lesson_id');
  return userIds.map((userId) => {
    const records = (lessons.all(userId) as ProgressRow[]).map(toRecord);
    const { current, longest } = streaks(completionDays(db, userId), today);
    return {
      userId,
      lessonsStarted: records.length,
      lessonsCompleted: records.filter((r) => r.status === 'COMPLETED').length,
      currentStreakDays: current,
      longestStreakDays: longest,
      lessons: records,
    };
  });
}
