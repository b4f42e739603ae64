import { requireSelfOrRole, requireUser, toGraphQLError, type SubgraphContext } from '@puchi/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types';
import { completeLesson, getLessonProgress, getUserProgress, READ_ANY_PROGRESS, startLesson, type LessonProgressRecord, type UserProgressRecord } from './contracts';

/** The GraphQL shapes: lessons and users are references the lesson and user subgraphs resolve. */
const toLessonProgress = ({ lessonId, ...rest }: LessonProgressRecord) => ({ ...rest, lesson: { id: lessonId } });
const toUserProgress = ({ userId, lessons, ...rest }: UserProgressRecord) => ({ ...rest, user: { id: userId }, lessons: lessons.map(toLessonProgress) });

const notStarted = (lessonId: string): LessonProgressRecord => ({ lessonId, status: 'NOT_STARTED', score: null, startedAt: null, completedAt: null });

/** Domain errors thrown here become GraphQL errors with their code, as the service's would. */
function guarded<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw toGraphQLError(error, 'progress');
  }
}

/** Checked here for a fast, clear error, and again by the service with the caller from the request headers. */
const readableProgress = async (userId: string, ctx: SubgraphContext) => {
  guarded(() => requireSelfOrRole(ctx.identity, userId, READ_ANY_PROGRESS));
  const progress = await ctx.load(getUserProgress, userId);
  // The service answers every user, with zeros when there is no progress; a null is a broken reply.
  if (!progress) throw toGraphQLError(new Error(`no progress record for ${userId}`), 'progress');
  return toUserProgress(progress);
};

export const resolvers: Resolvers = {
  Query: {
    progress: (_parent, { userId }, ctx) => readableProgress(userId, ctx),
  },
  User: {
    // The stub only adds `progress`; the user subgraph owns everything else.
    __resolveReference: (ref) => ref,
    progress: (user, _args, ctx) => readableProgress(user.id, ctx),
  },
  Lesson: {
    __resolveReference: (ref) => ref,
    progress: async (lesson, _args, ctx) => {
      if (!ctx.identity) return null;
      const progress = await ctx.load(getLessonProgress, { userId: ctx.identity.userId, lessonId: lesson.id });
      return toLessonProgress(progress ?? notStarted(lesson.id));
    },
  },
  Mutation: {
    // Keyed by the learner: one learner's writes share a partition, so the service sees them in order.
    startLesson: async (_parent, { lessonId }, ctx, info) => {
      const { userId } = guarded(() => requireUser(ctx.identity));
      return toLessonProgress(await ctx.call(startLesson, { lessonId }, { key: userId, mutation: info.path }));
    },
    completeLesson: async (_parent, { lessonId, score }, ctx, info) => {
      const { userId } = guarded(() => requireUser(ctx.identity));
      return toLessonProgress(await ctx.call(completeLesson, { lessonId, score }, { key: userId, mutation: info.path }));
    },
  },
};
