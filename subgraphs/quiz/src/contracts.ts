import { eventTopic, requestTopic } from '@puchi/kafka';
import { bySubject, byType, defineBatchCall, defineCall, payloadField } from '@puchi/subgraph-kit';
import { EntityId } from '@puchi/subgraph-lesson';
import { z } from 'zod';
import { QUIZ_EVENTS } from './events';

/** The quiz domain's message contracts: imported by its resolvers (caller) and its service (responder). */

/** A question as learners see it: the correct index stays in the service until a submission is graded. */
export const QuizQuestionRecord = z.object({ id: z.string(), prompt: z.string(), choices: z.array(z.string()) });
export type QuizQuestionRecord = z.infer<typeof QuizQuestionRecord>;

export const QuizRecord = z.object({
  id: z.string(),
  lessonId: z.string(),
  title: z.string(),
  passingScore: z.number().int(),
  /** In the order they are asked. */
  questions: z.array(QuizQuestionRecord),
});
export type QuizRecord = z.infer<typeof QuizRecord>;

/** Far more than any quiz has; bounds the work one request can ask for. */
export const MAX_ANSWERS = 100;

export const QuizAnswer = z.object({ questionId: z.string().min(1).max(64), chosenIndex: z.number().int() });
export type QuizAnswer = z.infer<typeof QuizAnswer>;

export const SubmitQuizRequest = z.object({ quizId: EntityId, answers: z.array(QuizAnswer).max(MAX_ANSWERS, `must hold at most ${MAX_ANSWERS} answers`) });
export type SubmitQuizRequest = z.infer<typeof SubmitQuizRequest>;

export const QuizAnswerResult = z.object({ questionId: z.string(), chosenIndex: z.number().int(), correct: z.boolean(), correctIndex: z.number().int() });
export type QuizAnswerResult = z.infer<typeof QuizAnswerResult>;

export const QuizResult = z.object({
  quizId: z.string(),
  lessonId: z.string(),
  /** 0-100: the share of the quiz's questions answered correctly, rounded. */
  score: z.number().int().min(0).max(100),
  passed: z.boolean(),
  correctCount: z.number().int(),
  questionCount: z.number().int(),
  /** One per answer given, in the order of the quiz's questions. */
  answers: z.array(QuizAnswerResult),
});
export type QuizResult = z.infer<typeof QuizResult>;

/** Key: lesson id. A lesson has at most one quiz. */
export const getLessonQuiz = defineBatchCall(requestTopic('get-lesson-quiz', 'quiz'), EntityId, QuizRecord, {
  sharing: { scope: 'public', invalidatedBy: { [eventTopic('quiz')]: byType({ [QUIZ_EVENTS.published]: payloadField('lessonId') }) } },
});
export const getQuizById = defineBatchCall(requestTopic('get-quiz-by-id', 'quiz'), EntityId, QuizRecord, {
  sharing: { scope: 'public', invalidatedBy: { [eventTopic('quiz')]: byType({ [QUIZ_EVENTS.published]: bySubject }) } },
});
/** Grades the caller's answers (identity from the request's signed token) and publishes `quiz.graded`. */
export const submitQuiz = defineCall(requestTopic('submit-quiz', 'quiz'), SubmitQuizRequest, QuizResult);
