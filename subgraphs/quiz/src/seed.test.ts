import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import { QuizPublished } from './events';
import { SEED_QUIZZES } from './seed';

describe('seed quizzes', () => {
  it('gives every seed lesson one valid quiz of four questions q1..q4 with a correct index among the choices', () => {
    expect(SEED_QUIZZES.map((q) => q.lessonId)).toEqual(SEED_LESSONS.map((l) => l.id));
    for (const quiz of SEED_QUIZZES) {
      expect(QuizPublished.parse(quiz)).toEqual(quiz);
      expect(quiz.quizId).toBe(`quiz-${quiz.lessonId}`);
      expect(quiz.passingScore).toBe(75);
      expect(quiz.questions.map((q) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
      for (const q of quiz.questions) expect(q.correctIndex).toBeLessThan(q.choices.length);
      expect(new Set(quiz.questions.map((q) => q.prompt)).size).toBe(4);
    }
  });
});
