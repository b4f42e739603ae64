import { BadUserInputError } from '@puchi/subgraph-kit';
import type { QuizPublished } from './events';
import { gradeQuiz, scoreOf } from './grading';

const quiz: QuizPublished = {
  quizId: 'quiz-es-a1-01',
  lessonId: 'es-a1-01',
  title: 'Quiz: Greetings',
  passingScore: 75,
  questions: [
    { id: 'q1', prompt: 'a?', choices: ['a', 'b', 'c', 'd'], correctIndex: 1 },
    { id: 'q2', prompt: 'b?', choices: ['a', 'b', 'c', 'd'], correctIndex: 0 },
    { id: 'q3', prompt: 'c?', choices: ['a', 'b', 'c'], correctIndex: 2 },
    { id: 'q4', prompt: 'd?', choices: ['a', 'b', 'c', 'd'], correctIndex: 3 },
  ],
};

const badInput = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof BadUserInputError) return error.message;
    throw error;
  }
  throw new Error('expected BAD_USER_INPUT');
};

describe('scoreOf', () => {
  it('rounds the percentage to the nearest integer', () => {
    expect(scoreOf(2, 3)).toBe(67);
    expect(scoreOf(1, 3)).toBe(33);
    expect(scoreOf(1, 8)).toBe(13);
    expect(scoreOf(4, 4)).toBe(100);
    expect(scoreOf(0, 0)).toBe(0);
  });
});

describe('gradeQuiz', () => {
  it('grades every answer and passes at exactly the passing score', () => {
    const result = gradeQuiz(quiz, [
      { questionId: 'q1', chosenIndex: 1 },
      { questionId: 'q2', chosenIndex: 0 },
      { questionId: 'q3', chosenIndex: 0 },
      { questionId: 'q4', chosenIndex: 3 },
    ]);
    expect(result).toMatchObject({ quizId: 'quiz-es-a1-01', lessonId: 'es-a1-01', score: 75, passed: true, correctCount: 3, questionCount: 4 });
    expect(result.answers[2]).toEqual({ questionId: 'q3', chosenIndex: 0, correct: false, correctIndex: 2 });
  });

  it('fails below the passing score', () => {
    const result = gradeQuiz(quiz, [
      { questionId: 'q1', chosenIndex: 1 },
      { questionId: 'q2', chosenIndex: 1 },
      { questionId: 'q3', chosenIndex: 2 },
      { questionId: 'q4', chosenIndex: 0 },
    ]);
    expect(result).toMatchObject({ score: 50, passed: false, correctCount: 2 });
  });

  it('counts unanswered questions as wrong and lists answers in question order', () => {
    const result = gradeQuiz(quiz, [
      { questionId: 'q4', chosenIndex: 3 },
      { questionId: 'q1', chosenIndex: 1 },
      { questionId: 'q2', chosenIndex: 0 },
    ]);
    expect(result).toMatchObject({ score: 75, correctCount: 3, questionCount: 4 });
    expect(result.answers.map((a) => a.questionId)).toEqual(['q1', 'q2', 'q4']);
    expect(gradeQuiz(quiz, [])).toMatchObject({ score: 0, passed: false, answers: [] });
  });

  it('refuses an unknown question, a duplicate and an out-of-range choice, naming the field', () => {
    expect(badInput(() => gradeQuiz(quiz, [{ questionId: 'q9', chosenIndex: 0 }]))).toBe('answers: no question "q9" in quiz "quiz-es-a1-01"');
    expect(
      badInput(() =>
        gradeQuiz(quiz, [
          { questionId: 'q2', chosenIndex: 0 },
          { questionId: 'q2', chosenIndex: 1 },
        ]),
      ),
    ).toBe('answers: question "q2" is answered more than once');
    expect(
      badInput(() =>
        gradeQuiz(quiz, [
          { questionId: 'q1', chosenIndex: 0 },
          { questionId: 'q2', chosenIndex: 0 },
          { questionId: 'q4', chosenIndex: 4 },
        ]),
      ),
    ).toBe('answers.2.chosenIndex: must be between 0 and 3');
    expect(badInput(() => gradeQuiz(quiz, [{ questionId: 'q3', chosenIndex: -1 }]))).toBe('answers.0.chosenIndex: must be between 0 and 2');
  });
});
