import { nextBox, reviewIntervalDays, scheduleReview } from './leitner';

describe('Leitner scheduling', () => {
  it('moves a correct answer up one box and stops at box 5', () => {
    expect(nextBox(1, true)).toBe(2);
    expect(nextBox(3, true)).toBe(4);
    expect(nextBox(4, true)).toBe(5);
    expect(nextBox(5, true)).toBe(5);
  });

  it('sends a wrong answer back to box 1 from any box', () => {
    for (const box of [1, 2, 3, 4, 5]) expect(nextBox(box, false)).toBe(1);
  });

  it('treats a never-reviewed word as box 1', () => {
    expect(nextBox(null, true)).toBe(2);
    expect(nextBox(null, false)).toBe(1);
  });

  it('doubles the interval per box: 1, 2, 4, 8, 16 days', () => {
    expect([1, 2, 3, 4, 5].map(reviewIntervalDays)).toEqual([1, 2, 4, 8, 16]);
  });

  it.each([0, 6, 2.5])('refuses box %p', (box) => {
    expect(() => reviewIntervalDays(box)).toThrow(RangeError);
  });

  it('schedules the next review from the review time', () => {
    const at = new Date('2026-03-01T10:00:00.000Z');
    expect(scheduleReview(2, true, at)).toEqual({ box: 3, nextReviewAt: '2026-03-05T10:00:00.000Z' });
    expect(scheduleReview(5, false, at)).toEqual({ box: 1, nextReviewAt: '2026-03-02T10:00:00.000Z' });
    expect(scheduleReview(5, true, at)).toEqual({ box: 5, nextReviewAt: '2026-03-17T10:00:00.000Z' });
  });
});
