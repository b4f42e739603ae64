import { completionRate, fillDays, rankLessonRates, type LessonCounts } from './aggregate';

describe('completionRate', () => {
  it.each([
    [0, 0, 0],
    [4, 0, 0],
    [4, 1, 0.25],
    [3, 2, 2 / 3],
    [5, 5, 1],
    // Counts that disagree must not report more than everyone.
    [2, 3, 1],
    [0, 2, 0],
  ])('%i started, %i completed → %d', (started, completed, rate) => {
    expect(completionRate(started, completed)).toBeCloseTo(rate, 10);
  });
});

describe('rankLessonRates', () => {
  const counts: LessonCounts[] = [
    { lessonId: 'c-03', learnersStarted: 0, learnersCompleted: 0 },
    { lessonId: 'c-01', learnersStarted: 3, learnersCompleted: 2 },
    { lessonId: 'c-02', learnersStarted: 1, learnersCompleted: 0 },
    { lessonId: 'c-04', learnersStarted: 4, learnersCompleted: 1 },
    { lessonId: 'c-00', learnersStarted: 1, learnersCompleted: 0 },
  ];

  it('puts the lowest rate first; among equal rates, more learners started first, then lesson id', () => {
    const ranked = rankLessonRates(counts, 10);
    expect(ranked.map((r) => r.lessonId)).toEqual(['c-00', 'c-02', 'c-03', 'c-04', 'c-01']);
    expect(ranked.map((r) => r.completionRate)).toEqual([0, 0, 0, 0.25, 2 / 3]);
  });

  it('returns at most `first` and leaves its input alone', () => {
    const before = JSON.stringify(counts);
    expect(rankLessonRates(counts, 2).map((r) => r.lessonId)).toEqual(['c-00', 'c-02']);
    expect(rankLessonRates(counts, 0)).toEqual([]);
    expect(JSON.stringify(counts)).toBe(before);
  });
});

describe('fillDays', () => {
  it('reports every day, with 0 where nobody was active', () => {
    const counts = new Map([
      ['2026-01-02', 5],
      ['2026-01-09', 7],
    ]);
    expect(fillDays(['2026-01-01', '2026-01-02', '2026-01-03'], counts)).toEqual([
      { date: '2026-01-01', activeLearners: 0 },
      { date: '2026-01-02', activeLearners: 5 },
      { date: '2026-01-03', activeLearners: 0 },
    ]);
  });
});
