import type { EventViews } from '@puchi/subgraph-kit';
import { z } from 'zod';

/** Events on `quiz-events`. `quiz.published` has subject = quiz id; `quiz.graded` subject = user id. */
export const QUIZ_EVENTS = { published: 'quiz.published', graded: 'quiz.graded' } as const;

export const QuizPublished = z.object({
  quizId: z.string(),
  lessonId: z.string(),
  title: z.string(),
  passingScore: z.number().int().min(0).max(100),
  questions: z.array(z.object({ id: z.string(), prompt: z.string(), choices: z.array(z.string()).min(2), correctIndex: z.number().int().min(0) })),
});
export type QuizPublished = z.infer<typeof QuizPublished>;

export const QuizGraded = z.object({
  submissionId: z.string(),
  userId: z.string(),
  quizId: z.string(),
  lessonId: z.string(),
  score: z.number().int().min(0).max(100),
  passed: z.boolean(),
  correctCount: z.number().int().min(0),
  questionCount: z.number().int().min(1),
  gradedAt: z.string(),
});
export type QuizGraded = z.infer<typeof QuizGraded>;

/** A published quiz's questions without their answer key (`correctIndex`). */
const withoutAnswers = (questions: QuizPublished['questions']) => questions.map(({ id, prompt, choices }) => ({ id, prompt, choices }));

/**
 * What an analyst sees of each event on the `events` feed: a quiz without its answer key; of a grading, whether the
 * learner passed, as analytics' own `analytics.quiz-passed` says it, not their score (theirs and admins', as `quizGraded` is).
 */
export const QUIZ_ANALYST_VIEWS: EventViews = {
  [QUIZ_EVENTS.published]: { show: ['quizId', 'lessonId', 'title', 'passingScore'], mask: { questions: withoutAnswers } },
  [QUIZ_EVENTS.graded]: { show: ['submissionId', 'userId', 'quizId', 'lessonId', 'passed', 'gradedAt'] },
};
