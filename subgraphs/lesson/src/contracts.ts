import { eventTopic, requestTopic } from '@puchi/kafka';
import { byType, bySubject, defineBatchCall, defineCall, everything, payloadField, type EventViews, type ReadSharing } from '@puchi/subgraph-kit';
import { z } from 'zod';

/** The lesson domain's message contracts: imported by its resolvers (caller) and its service (responder). */

export const CefrLevel = z.enum(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']);
/** Ids are short slugs; anything else is refused before it reaches the store. */
export const EntityId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase slug such as "es-a1-greetings"');

export const LessonRecord = z.object({
  id: z.string(),
  courseId: z.string(),
  title: z.string(),
  summary: z.string(),
  position: z.number().int(),
  level: CefrLevel,
  language: z.string(),
  estimatedMinutes: z.number().int(),
  publishedAt: z.string(),
});
export type LessonRecord = z.infer<typeof LessonRecord>;

export const CourseRecord = z.object({
  id: z.string(),
  title: z.string(),
  language: z.string(),
  level: CefrLevel,
  description: z.string(),
  /** In lesson order. */
  lessonIds: z.array(z.string()),
});
export type CourseRecord = z.infer<typeof CourseRecord>;

export const MAX_PAGE_SIZE = 100;

export const LessonFilter = z.object({
  courseId: EntityId.nullish(),
  level: CefrLevel.nullish(),
  language: z.string().max(32).nullish(),
  search: z.string().max(200).nullish(),
});

/** Events on `lesson-events` (subject: the course or lesson id). */
export const LESSON_EVENTS = {
  coursePublished: 'course.published',
  lessonPublished: 'lesson.published',
} as const;

/** The catalog is public and only its own events change it: a lesson's, or a course's (whose lesson list a lesson joins). */
const LESSONS = eventTopic('lesson');
const catalog = (invalidation: ReadSharing['invalidatedBy']): ReadSharing => ({ scope: 'public', invalidatedBy: invalidation });

export const getLessonById = defineBatchCall(requestTopic('get-lesson-by-id', 'lesson'), EntityId, LessonRecord, {
  sharing: catalog({ [LESSONS]: byType({ [LESSON_EVENTS.lessonPublished]: bySubject }) }),
});
export const getCourseById = defineBatchCall(requestTopic('get-course-by-id', 'lesson'), EntityId, CourseRecord, {
  sharing: catalog({ [LESSONS]: byType({ [LESSON_EVENTS.coursePublished]: bySubject, [LESSON_EVENTS.lessonPublished]: payloadField('courseId') }) }),
});

export const getLessons = defineCall(
  requestTopic('get-lessons', 'lesson'),
  z.object({
    filter: LessonFilter.nullish(),
    first: z.number().int().min(1, `must be between 1 and ${MAX_PAGE_SIZE}`).max(MAX_PAGE_SIZE, `must be between 1 and ${MAX_PAGE_SIZE}`),
    after: z.string().max(200).nullish(),
  }),
  z.object({
    lessons: z.array(LessonRecord),
    /** One per lesson: where a page starting after it begins. */
    cursors: z.array(z.string()),
    totalCount: z.number().int(),
    hasNextPage: z.boolean(),
  }),
  { sharing: catalog({ [LESSONS]: everything }) },
);

export const getCourses = defineCall(requestTopic('get-courses', 'lesson'), z.object({}), z.object({ courses: z.array(CourseRecord) }), { sharing: catalog({ [LESSONS]: everything }) });

/** A course without its lessons: each lesson names its course in its own `lesson.published`. */
export const CoursePublished = CourseRecord.omit({ lessonIds: true });
export type CoursePublished = z.infer<typeof CoursePublished>;
export const LessonPublished = LessonRecord;
export type LessonPublished = LessonRecord;

/** What an analyst sees of each event on the `events` feed: the catalog is public, so all of it. */
export const LESSON_ANALYST_VIEWS: EventViews = {
  [LESSON_EVENTS.coursePublished]: { show: 'all' },
  [LESSON_EVENTS.lessonPublished]: { show: 'all' },
};
