import { requireSelfOrRole, type SubscriptionField } from '@puchi/subgraph-kit';
import { QUIZ_EVENTS, QuizGraded } from './events';

/** `quizGraded(userId)`: the learner's graded submissions, from quiz-events. Learners follow themselves; admins anyone. */
export const quizGraded: SubscriptionField<{ userId: string }> = {
  topics: () => ['quiz'],
  authorize: ({ userId }, identity) => void requireSelfOrRole(identity, userId, ['admin']),
  // `quiz.graded` carries the learner as its subject (./events.ts); `quiz.published` (subject: the quiz) is not wanted here.
  routeKey: ({ userId }) => userId,
  select(event, { userId }) {
    if (event.type !== QUIZ_EVENTS.graded) return undefined;
    const graded = QuizGraded.safeParse(event.payload);
    if (!graded.success || graded.data.userId !== userId) return undefined;
    const g = graded.data;
    return {
      user: { id: g.userId },
      quiz: { id: g.quizId },
      lesson: { id: g.lessonId },
      score: g.score,
      passed: g.passed,
      correctCount: g.correctCount,
      questionCount: g.questionCount,
      gradedAt: g.gradedAt,
    };
  },
};
