import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import type { QuizPublished } from './events';
import { LANGUAGE_QUESTIONS, TOPIC_QUESTIONS, type SeedQuestion } from './seed-questions';

export const SEED_PASSING_SCORE = 75;

export const quizIdOf = (lessonId: string) => `quiz-${lessonId}`;

/**
 * One quiz per seed lesson, `quiz-<lessonId>`, with four questions `q1..q4`: the lesson's topic question, then
 * three general questions of its language, rotated by the lesson's position so neighbouring quizzes differ.
 */
export const SEED_QUIZZES: QuizPublished[] = SEED_LESSONS.map((lesson) => {
  const general = LANGUAGE_QUESTIONS[lesson.language] ?? [];
  const picked: SeedQuestion[] = [TOPIC_QUESTIONS[lesson.id], ...[0, 1, 2].map((k) => general[(lesson.position + k) % general.length])].filter(
    (q): q is SeedQuestion => q !== undefined,
  );
  return {
    quizId: quizIdOf(lesson.id),
    lessonId: lesson.id,
    title: `Quiz: ${lesson.title}`,
    passingScore: SEED_PASSING_SCORE,
    questions: picked.map(([prompt, choices, correctIndex], i) => ({ id: `q${i + 1}`, prompt, choices, correctIndex })),
  };
});
