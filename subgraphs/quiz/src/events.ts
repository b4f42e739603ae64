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
