import { BadUserInputError, type Db } from '@puchi/subgraph-kit';
import type { CourseRecord, LessonRecord } from './contracts';

export const MIGRATIONS = [
  `CREATE TABLE courses (
     id TEXT PRIMARY KEY, title TEXT NOT NULL, language TEXT NOT NULL, level TEXT NOT NULL, description TEXT NOT NULL
   )`,
  `CREATE TABLE lessons (
     id TEXT PRIMARY KEY, course_id TEXT NOT NULL, title TEXT NOT NULL, summary TEXT NOT NULL, position INTEGER NOT NULL,
     level TEXT NOT NULL, language TEXT NOT NULL, estimated_minutes INTEGER NOT NULL, published_at TEXT NOT NULL,
     sort_key TEXT NOT NULL UNIQUE
   )`,
  'CREATE INDEX lessons_course ON lessons (course_id, position)',
];

interface LessonRow {
  id: string;
  course_id: string;
  title: string;
  summary: string;
  position: number;
  level: LessonRecord['level'];
  language: string;
  estimated_minutes: number;
  published_at: string;
  sort_key: string;
}

const toLesson = (r: LessonRow): LessonRecord => ({
  id: r.id,
  courseId: r.course_id,
  title: r.title,
  summary: r.summary,
  position: r.position,
  level: r.level,
  language: r.language,
  estimatedMinutes: r.estimated_minutes,
  publishedAt: r.published_at,
});

/**
 * Lessons list in course order, then position, then id: a stable order that cursors can point into. The id makes it
 * unique (the column is UNIQUE): two lessons published at one position must both be applied, since a projection that
 * refused one would stop the store at it for good.
 */
export const sortKey = (courseId: string, position: number, id: string) => `${courseId}/${String(position).padStart(4, '0')}/${id}`;
const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  // `<course>/<position>/<id>`; a cursor of an earlier release has no id and still points between the same lessons.
  if (!/^[a-z0-9-]+\/\d{4}(\/[^/]+)?$/.test(key)) throw new BadUserInputError('after', 'is not a cursor returned by this API');
  return key;
}

export function upsertCourse(db: Db, course: Omit<CourseRecord, 'lessonIds'>): void {
  db.prepare(
    `INSERT INTO courses (id, title, language, level, description) VALUES (@id, @title, @language, @level, @description)
     ON CONFLICT (id) DO UPDATE SET title = excluded.title, language = excluded.language, level = excluded.level, description = excluded.description`,
  ).run(course);
}

export function upsertLesson(db: Db, lesson: LessonRecord): void {
  db.prepare(
    `INSERT INTO lessons (id, course_id, title, summary, position, level, language, estimated_minutes, published_at, sort_key)
     VALUES (@id, @courseId, @title, @summary, @position, @level, @language, @estimatedMinutes, @publishedAt, @sortKey)
     ON CONFLICT (id) DO UPDATE SET course_id = excluded.course_id, title = excluded.title, summary = excluded.summary,
       position = excluded.position, level = excluded.level, language = excluded.language,
       estimated_minutes = excluded.estimated_minutes, published_at = excluded.published_at, sort_key = excluded.sort_key`,
  ).run({ ...lesson, sortKey: sortKey(lesson.courseId, lesson.position, lesson.id) });
}

export function lessonsByIds(db: Db, ids: readonly string[]): (LessonRecord | null)[] {
  if (ids.length === 0) return [];
  const rows = db.prepare(`SELECT * FROM lessons WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as LessonRow[];
  const byId = new Map(rows.map((r) => [r.id, toLesson(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export function coursesByIds(db: Db, ids: readonly string[]): (CourseRecord | null)[] {
  const courses = allCourses(db, ids);
  const byId = new Map(courses.map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id) ?? null);
}

export function allCourses(db: Db, onlyIds?: readonly string[]): CourseRecord[] {
  const where = onlyIds ? `WHERE id IN (${onlyIds.map(() => '?').join(',')})` : '';
  if (onlyIds && onlyIds.length === 0) return [];
  const courses = db.prepare(`SELECT * FROM courses ${where} ORDER BY id`).all(...(onlyIds ?? [])) as Omit<CourseRecord, 'lessonIds'>[];
  const lessonIds = db.prepare('SELECT id FROM lessons WHERE course_id = ? ORDER BY position').pluck();
  return courses.map((c) => ({ ...c, lessonIds: lessonIds.all(c.id) as string[] }));
}

export interface LessonQuery {
  filter?: { courseId?: string | null; level?: string | null; language?: string | null; search?: string | null } | null;
  first: number;
  after?: string | null;
}

export function lessonPage(db: Db, query: LessonQuery) {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const f = query.filter ?? {};
  const match = (sql: string, name: string, value: unknown) => {
    where.push(sql);
    params[name] = value;
  };
  if (f.courseId) match('course_id = @courseId', 'courseId', f.courseId);
  if (f.level) match('level = @level', 'level', f.level);
  if (f.language) match('language = @language COLLATE NOCASE', 'language', f.language);
  if (f.search) {
    const pattern = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    match("(title LIKE @search ESCAPE '\\' COLLATE NOCASE OR summary LIKE @search ESCAPE '\\' COLLATE NOCASE)", 'search', pattern);
  }
  const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const totalCount = (db.prepare(`SELECT COUNT(*) FROM lessons ${filterSql}`).pluck().get(params) as number) ?? 0;
  const afterSql = query.after ? `${where.length ? 'AND' : 'WHERE'} sort_key > @after` : '';
  if (query.after) params.after = decodeCursor(query.after);
  const rows = db.prepare(`SELECT * FROM lessons ${filterSql} ${afterSql} ORDER BY sort_key LIMIT @limit`).all({ ...params, limit: query.first + 1 }) as LessonRow[];
  const page = rows.slice(0, query.first);
  return {
    lessons: page.map(toLesson),
    cursors: page.map((r) => encodeCursor(r.sort_key)),
    totalCount,
    hasNextPage: rows.length > query.first,
  };
}
