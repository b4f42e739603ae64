import { ERROR_CODES, requireUser, toGraphQLError } from '@puchi/subgraph-kit';
import { GraphQLError } from 'graphql';
import type { Resolvers } from './__generated__/resolvers-types';
import { getLessonQuiz, getQuizById, submitQuiz, type QuizRecord } from './contracts';

/** The GraphQL `Quiz`: its lesson is a reference the lesson subgraph resolves. */
const toQuiz = (quiz: QuizRecord) => ({ ...quiz, lesson: { id: quiz.lessonId } });

/** Domain errors thrown here become GraphQL errors with their code, as the service's would. */
function guarded<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw toGraphQLError(error, 'quiz');
  }
}

export const resolvers: Resolvers = {
  Lesson: {
    // The stub only adds `quiz`; the lesson subgraph owns everything else, so the reference is enough.
    __resolveReference: (ref) => ref,
    quiz: async (lesson, _args, ctx) => {
      const quiz = await ctx.load(getLessonQuiz, lesson.id);
      return quiz && toQuiz(quiz);
    },
  },
  Quiz: {
    __resolveReference: async (ref, ctx) => {
      const quiz = await ctx.load(getQuizById, ref.id);
      return quiz && toQuiz(quiz);
    },
  },
  Mutation: {
    submitQuiz: async (_parent, { quizId, answers }, ctx, info) => {
      const { userId } = guarded(() => requireUser(ctx.identity));
      // Keyed by learner: one learner's submissions are handled in order by the one instance that owns them.
      const result = await ctx.call(submitQuiz, { quizId, answers }, { key: userId, mutation: info.path });
      const quiz = await ctx.load(getQuizById, result.quizId);
      // Just graded, so it exists; a miss means a broken store, not a client error.
      if (!quiz) throw new GraphQLError(`quiz ${result.quizId} is missing`, { extensions: { code: ERROR_CODES.internal } });
      return { ...result, quiz: toQuiz(quiz) };
    },
  },
};
