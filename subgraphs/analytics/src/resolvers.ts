import { requireRole, toGraphQLError, type SubgraphContext } from '@puchi/subgraph-kit';
import type { Resolvers } from './__generated__/resolvers-types';
import { ANALYTICS_ROLES, DEFAULT_RATES, getActiveLearners, getAnalyticsTotals, getLessonCompletionRates } from './contracts';

/** Throws FORBIDDEN / UNAUTHENTICATED as coded GraphQL errors, like failures of the service's own check. */
function requireAnalyst(ctx: SubgraphContext): void {
  try {
    requireRole(ctx.identity, ANALYTICS_ROLES);
  } catch (error) {
    throw toGraphQLError(error, 'analytics');
  }
}

/**
 * Every field is for analysts and admins: the role is checked here (a clear error without a Kafka round trip)
 * and again by the service, which trusts only the identity a gateway signed for the request.
 */
export const resolvers: Resolvers = {
  Query: {
    lessonCompletionRates: async (_parent, { courseId, first }, ctx) => {
      requireAnalyst(ctx);
      const { rates } = await ctx.call(getLessonCompletionRates, { courseId, first: first ?? DEFAULT_RATES });
      return rates.map(({ lessonId, ...counts }) => ({ ...counts, lesson: { id: lessonId } }));
    },
    activeLearnersPerDay: async (_parent, { from, to }, ctx) => {
      requireAnalyst(ctx);
      return (await ctx.call(getActiveLearners, { from, to })).days;
    },
    analyticsTotals: (_parent, _args, ctx) => {
      requireAnalyst(ctx);
      return ctx.call(getAnalyticsTotals, {});
    },
  },
  LessonCompletionRate: {
    // Lesson is owned by the lesson subgraph: return only the reference; the gateway fetches the rest.
    lesson: (rate) => ({ id: rate.lesson.id }),
  },
};
