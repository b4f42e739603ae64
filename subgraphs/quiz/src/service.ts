import { BadUserInputError, handler, projection, requireUser, stableHex, type DomainServiceDefinition } from '@puchi/subgraph-kit';
import { randomUUID } from 'node:crypto';
import { getLessonQuiz, getQuizById, submitQuiz } from './contracts';
import { QUIZ_EVENTS, QuizGraded, QuizPublished } from './events';
import { gradeQuiz } from './grading';
import { SEED_QUIZZES } from './seed';
import { insertSubmission, knownQuizIds, MIGRATIONS, quizForGrading, quizzesByIds, quizzesByLessonIds, upsertQuiz } from './store';

/** The quiz service: owns quizzes (with their answers) and submissions, grades, publishes `quiz-events`. */
export const quizService: DomainServiceDefinition = {
  domain: 'quiz',
  migrations: MIGRATIONS,

  projections: {
    [QUIZ_EVENTS.published]: projection(QuizPublished, upsertQuiz),
    [QUIZ_EVENTS.graded]: projection(QuizGraded, insertSubmission),
  },

  handlers: ({ db, emit }) => [
    handler(getLessonQuiz, ({ keys }) => ({ values: quizzesByLessonIds(db, keys) })),
    handler(getQuizById, ({ keys }) => ({ values: quizzesByIds(db, keys) })),
    handler(submitQuiz, async ({ quizId, answers }, context) => {
      // The learner is who the gateway verified, never someone named in the payload.
      const { userId } = requireUser(context.identity);
      const quiz = quizForGrading(db, quizId);
      if (!quiz) throw new BadUserInputError('quizId', `no quiz "${quizId}"`);
      const result = gradeQuiz(quiz, answers);
      // Under an idempotency key, the same submission on every run of it.
      const stable = stableHex(context, 'submission');
      const submissionId = stable ? `${stable.slice(0, 8)}-${stable.slice(8, 12)}-${stable.slice(12, 16)}-${stable.slice(16, 20)}-${stable.slice(20, 32)}` : randomUUID();
      const graded: QuizGraded = {
        submissionId,
        userId,
        quizId,
        lessonId: quiz.lessonId,
        score: result.score,
        passed: result.passed,
        correctCount: result.correctCount,
        questionCount: result.questionCount,
        gradedAt: new Date().toISOString(),
      };
      await emit({ id: submissionId, type: QUIZ_EVENTS.graded, subject: userId, payload: graded, occurredAt: graded.gradedAt }, context);
      return result;
    }),
  ],

  /** Publishes the seed quizzes the store lacks; fixed event ids, so a second run (or instance) adds nothing. */
  async afterStart({ db, emit }) {
    const known = knownQuizIds(db);
    await Promise.all(
      SEED_QUIZZES.filter((q) => !known.has(q.quizId)).map((q) => emit({ id: `seed:quiz:${q.quizId}`, type: QUIZ_EVENTS.published, subject: q.quizId, payload: q })),
    );
  },
};
