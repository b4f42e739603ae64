import { handler, projection, type DomainServiceDefinition } from '@puchi/subgraph-kit';
import { CoursePublished, getCourseById, getCourses, getLessonById, getLessons, LESSON_EVENTS, LessonPublished } from './contracts';
import { SEED_COURSES, SEED_LESSONS } from './seed';
import { allCourses, coursesByIds, lessonPage, lessonsByIds, MIGRATIONS, upsertCourse, upsertLesson } from './store';

/** The lesson service: owns courses and lessons, answers reads, publishes `lesson-events`. */
export const lessonService: DomainServiceDefinition = {
  domain: 'lesson',
  migrations: MIGRATIONS,

  projections: {
    [LESSON_EVENTS.coursePublished]: projection(CoursePublished, upsertCourse),
    [LESSON_EVENTS.lessonPublished]: projection(LessonPublished, upsertLesson),
  },

  handlers: ({ db }) => [
    handler(getLessonById, ({ keys }) => ({ values: lessonsByIds(db, keys) })),
    handler(getCourseById, ({ keys }) => ({ values: coursesByIds(db, keys) })),
    handler(getCourses, () => ({ courses: allCourses(db) })),
    handler(getLessons, (query) => lessonPage(db, query)),
  ],

  /** Publishes the seed curriculum's missing parts; event ids are fixed, so a second run (or instance) adds nothing. */
  async afterStart({ db, emit }) {
    const known = new Set(db.prepare('SELECT id FROM courses UNION ALL SELECT id FROM lessons').pluck().all() as string[]);
    await Promise.all([
      ...SEED_COURSES.filter((c) => !known.has(c.id)).map((c) => emit({ id: `seed:course:${c.id}`, type: LESSON_EVENTS.coursePublished, subject: c.id, payload: c })),
      ...SEED_LESSONS.filter((l) => !known.has(l.id)).map((l) => emit({ id: `seed:lesson:${l.id}`, type: LESSON_EVENTS.lessonPublished, subject: l.id, payload: l })),
    ]);
  },
};
