import { BadUserInputError } from '@puchi/subgraph-kit';
import type { QuizAnswer, QuizResult } from './contracts';
import type { QuizPublished } from './events';

/** The score is a rounded percentage of all the quiz's questions, so an unanswered question counts as wrong. */
export function scoreOf(correctCount: number, questionCount: number): number {
  return questionCount === 0 ? 0 : Math.round((100 * correctCount) / questionCount);
}

/**
 * Checks a submission against its quiz and grades it. Refuses (BAD_USER_INPUT, nothing graded) answers to
 * questions the quiz does not have, a question answered twice, and a choice index outside the question's
 * choices. Questions left unanswered are allowed and count as wrong, as the schema documents.
 */
export function gradeQuiz(quiz: QuizPublished, answers: readonly QuizAnswer[]): QuizResult {
  const questions = new Map(quiz.questions.map((q) => [q.id, q]));
  const given = new Map<string, number>();
  answers.forEach((answer, i) => {
    const question = questions.get(answer.questionId);
    if (!question) throw new BadUserInputError('answers', `no question "${answer.questionId}" in quiz "${quiz.quizId}"`);
    if (given.has(answer.questionId)) throw new BadUserInputError('answers', `question "${answer.questionId}" is answered more than once`);
    const last = question.choices.length - 1;
    if (answer.chosenIndex < 0 || answer.chosenIndex > last) throw new BadUserInputError(`answers.${i}.chosenIndex`, `must be between 0 and ${last}`);
    given.set(answer.questionId, answer.chosenIndex);
  });

  const graded = quiz.questions.flatMap((q) => {
    const chosenIndex = given.get(q.id);
    return chosenIndex === undefined ? [] : [{ questionId: q.id, chosenIndex, correct: chosenIndex === q.correctIndex, correctIndex: q.correctIndex }];
  });
  const correctCount = graded.filter((a) => a.correct).length;
  const score = scoreOf(correctCount, quiz.questions.length);
  return {
    quizId: quiz.quizId,
    lessonId: quiz.lessonId,
    score,
    passed: score >= quiz.passingScore,
    correctCount,
    questionCount: quiz.questions.length,
    answers: graded,
  };
}
