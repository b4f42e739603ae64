import { ERROR_CODES } from '@puchi/subgraph-kit';
import { GraphQLError } from 'graphql';
import type { Resolvers } from './__generated__/resolvers-types';
import { getCourseById, getCourses, getLessonById, getLessons, type CourseRecord, type LessonRecord } from './contracts';

/** A lesson always has a course; a missing one is a broken store, not a client error. */
function required<T>(value: T | null, what: string): T {
  if (value === null) throw new GraphQLError(`${what} is missing`, { extensions: { code: ERROR_CODES.internal } });
  return value;
}

export const resolvers: Resolvers = {
  Query: {
    lessons: async (_parent, { filter, first, after }, ctx) => {
      const page = await ctx.call(getLessons, { filter, first: first ?? 20, after });
      return {
        edges: page.lessons.map((node, i) => ({ cursor: page.cursors[i]!, node })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
        totalCount: page.totalCount,
      };
    },
    lesson: (_parent, { id }, ctx) => ctx.load(getLessonById, id),
    courses: async (_parent, _args, ctx) => (await ctx.call(getCourses, {})).courses,
  },
  Lesson: {
    __resolveReference: (ref, ctx) => ctx.load(getLessonById, ref.id),
    course: async (lesson, _args, ctx) => required(await ctx.load(getCourseById, lesson.courseId), `course ${lesson.courseId}`),
  },
  Course: {
    __resolveReference: (ref, ctx) => ctx.load(getCourseById, ref.id),
    lessons: async (course, _args, ctx) => {
      const ids = (course as CourseRecord).lessonIds ?? required(await ctx.load(getCourseById, course.id), `course ${course.id}`).lessonIds;
      const lessons = await Promise.all(ids.map((id) => ctx.load(getLessonById, id)));
      return lessons.filter((l): l is LessonRecord => l !== null);
    },
  },
};
