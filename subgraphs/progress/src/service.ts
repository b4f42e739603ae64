import { BadUserInputError, handler, projection, requireSelfOrRole, requireUser, wasApplied, type Db, type DomainServiceDefinition } from '@puchi/subgraph-kit';
import type { Identity } from '@puchi/kafka';
import { progressActions } from './actions';
import { completeLesson, getLessonProgress, getUserProgress, READ_ANY_PROGRESS, startLesson } from './contracts';
import { LessonCataloged, LessonCompleted, LessonStarted, PROGRESS_EVENTS } from './events';
import { progressReactions } from './reactions';
import { seedEvents } from './seed';
import { utcDay } from './streak';
import { catalogedCourse, catalogLesson, lessonProgressOf, MIGRATIONS, recordCompletion, recordStart, userProgressOf } from './store';

const checkReader = (identity: Identity | undefined, userIds: readonly string[]) => {
  for (const userId of userIds) requireSelfOrRole(identity, userId, READ_ANY_PROGRESS);
};

const requireKnownLesson = (db: Db, lessonId: string) => {
  if (catalogedCourse(db, lessonId) === undefined) throw new BadUserInputError('lessonId', `no lesson "${lessonId}"`);
};

/** The progress service: owns learners' lesson progress and streaks, reacts to lessons and graded quizzes. */
export const progressService: DomainServiceDefinition = {
  domain: 'progress',
  migrations: MIGRATIONS,

  // streak-extended is for other domains (notifications): streaks are computed from completion days, so it has
  // no projection (the manifest lists its schema).
  projections: {
    [PROGRESS_EVENTS.lessonStarted]: projection(LessonStarted, recordStart),
    [PROGRESS_EVENTS.lessonCompleted]: projection(LessonCompleted, recordCompletion),
    [PROGRESS_EVENTS.lessonCataloged]: projection(LessonCataloged, catalogLesson),
  },

  handlers: (runtime) => {
    const { db } = runtime;
    const actions = progressActions(runtime);
    return [
      handler(getUserProgress, ({ keys }, context) => {
        checkReader(context.identity, keys);
        return { values: userProgressOf(db, keys, utcDay(new Date())) };
      }),
      handler(getLessonProgress, ({ keys }, context) => {
        checkReader(context.identity, keys.map((k) => k.userId));
        return { values: lessonProgressOf(db, keys) };
      }),
      handler(startLesson, ({ lessonId }, context) => {
        // The learner is who the gateway verified, never someone named in the payload.
        const { userId } = requireUser(context.identity);
        requireKnownLesson(db, lessonId);
        return actions.start(userId, lessonId, { at: new Date().toISOString(), context });
      }),
      handler(completeLesson, ({ lessonId, score }, context) => {
        const { userId } = requireUser(context.identity);
        requireKnownLesson(db, lessonId);
        return actions.complete(userId, lessonId, score ?? null, { at: new Date().toISOString(), context });
      }),
    ];
  },

  reactions: progressReactions,

  /** Publishes the seed learners' history the store lacks, each learner's events in order; ids are fixed. */
  async afterStart({ db, emit }) {
    await Promise.all(
      [...seedEvents().values()].map(async (events) => {
        for (const event of events) if (!wasApplied(db, event.id!)) await emit(event);
      }),
    );
  },
};
