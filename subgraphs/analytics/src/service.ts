import type { EventEnvelope } from '@puchi/kafka';
import { BadUserInputError, handler, requireRole, type Db, type DomainServiceDefinition } from '@puchi/subgraph-kit';
import { fillDays, rankLessonRates } from './aggregate';
import { ANALYTICS_ROLES, getActiveLearners, getAnalyticsTotals, getLessonCompletionRates } from './contracts';
import { dayRangeProblem, expandDays } from './dates';
import { ANALYTICS_EVENTS } from './events';
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

type Payload<K extends string> = Record<K, string>;

function project(db: Db, event: EventEnvelope): void {
  switch (event.type) {
    case ANALYTICS_EVENTS.learnerRegistered: {
      const p = event.payload as Payload<'userId' | 'at'>;
      return addLearner(db, p.userId, p.at);
    }
    case ANALYTICS_EVENTS.learnerActive: {
      const p = event.payload as Payload<'userId' | 'date'>;
      return markActive(db, p.userId, p.date);
    }
    case ANALYTICS_EVENTS.lessonStarted: {
      const p = event.payload as Payload<'userId' | 'lessonId' | 'at'>;
      return addLessonStart(db, p.userId, p.lessonId, p.at);
    }
    case ANALYTICS_EVENTS.lessonCompleted: {
      const p = event.payload as Payload<'userId' | 'lessonId' | 'at'>;
      return addLessonCompletion(db, p.userId, p.lessonId, p.at);
    }
    case ANALYTICS_EVENTS.quizPassed:
      return addQuizPass(db, event.id, event.payload as Payload<'userId' | 'quizId' | 'lessonId' | 'at'>);
    case ANALYTICS_EVENTS.lessonCataloged: {
      const p = event.payload as Payload<'lessonId' | 'courseId'>;
      return catalogLesson(db, p.lessonId, p.courseId);
    }
  }
}

/**
 * The analytics service: derives its own events from user, progress, quiz and lesson events, builds its store
 * from those alone (so replaying `analytics-events` rebuilds it), and answers analysts' and admins' reports.
 */
export const analyticsService: DomainServiceDefinition = {
  domain: 'analytics',
  migrations: MIGRATIONS,
  project,

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
