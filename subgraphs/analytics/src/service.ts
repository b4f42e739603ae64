import { BadUserInputError, handler, projection, requireRole, type DomainServiceDefinition } from '@puchi/subgraph-kit';
import { fillDays, rankLessonRates } from './aggregate';
import { ANALYTICS_ROLES, getActiveLearners, getAnalyticsTotals, getLessonCompletionRates } from './contracts';
import { dayRangeProblem, expandDays } from './dates';
import { ANALYTICS_EVENTS, LearnerActive, LearnerRegistered, LessonActivity, LessonCataloged, QuizPassed } from './events';
import { analyticsReactions } from './reactions';
import {
  activeCounts,
  addLearner,
  addLessonCompletion,
  addLessonStart,
  addQuizPass,
  catalogLesson,
  courseKnown,
  lessonCounts,
  markActive,
  MIGRATIONS,
  totals,
} from './store';

/**
 * The analytics service: derives its own events from user, progress, quiz and lesson events, builds its store
 * from those alone (so replaying `analytics-events` rebuilds it), and answers analysts' and admins' reports.
 */
export const analyticsService: DomainServiceDefinition = {
  domain: 'analytics',
  migrations: MIGRATIONS,

  projections: {
    [ANALYTICS_EVENTS.learnerRegistered]: projection(LearnerRegistered, (db, p) => addLearner(db, p.userId, p.at)),
    [ANALYTICS_EVENTS.learnerActive]: projection(LearnerActive, (db, p) => markActive(db, p.userId, p.date)),
    [ANALYTICS_EVENTS.lessonStarted]: projection(LessonActivity, (db, p) => addLessonStart(db, p.userId, p.lessonId, p.at)),
    [ANALYTICS_EVENTS.lessonCompleted]: projection(LessonActivity, (db, p) => addLessonCompletion(db, p.userId, p.lessonId, p.at)),
    // The pass is counted per event: a learner passing a quiz twice passed it twice.
    [ANALYTICS_EVENTS.quizPassed]: projection(QuizPassed, (db, p, event) => addQuizPass(db, event.id, p)),
    [ANALYTICS_EVENTS.lessonCataloged]: projection(LessonCataloged, (db, p) => catalogLesson(db, p.lessonId, p.courseId)),
  },

  handlers: ({ db }) => [
    handler(getLessonCompletionRates, ({ courseId, first }, { identity }) => {
      requireRole(identity, ANALYTICS_ROLES);
      if (courseId && !courseKnown(db, courseId)) throw new BadUserInputError('courseId', `no course "${courseId}" has published lessons`);
      return { rates: rankLessonRates(lessonCounts(db, courseId), first) };
    }),
    handler(getActiveLearners, ({ from, to }, { identity }) => {
      requireRole(identity, ANALYTICS_ROLES);
      const problem = dayRangeProblem(from, to);
      if (problem) throw new BadUserInputError(...problem);
      return { days: fillDays(expandDays(from, to), activeCounts(db, from, to)) };
    }),
    handler(getAnalyticsTotals, (_request, { identity }) => {
      requireRole(identity, ANALYTICS_ROLES);
      return totals(db);
    }),
  ],

  reactions: analyticsReactions,
};
