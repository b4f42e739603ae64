import { runEndingOn, streaks, utcDay } from './streak';

describe('utcDay', () => {
  it('takes the UTC calendar day, normalising offsets across midnight', () => {
    expect(utcDay('2026-03-14T23:59:59.999Z')).toBe('2026-03-14');
    expect(utcDay('2026-03-15T00:00:00.000Z')).toBe('2026-03-15');
    expect(utcDay('2026-03-14T23:30:00-02:00')).toBe('2026-03-15');
    expect(utcDay('2026-03-15T00:30:00+01:00')).toBe('2026-03-14');
    expect(() => utcDay('yesterday')).toThrow(RangeError);
  });
});

describe('streaks', () => {
  it('is zero without completions', () => {
    expect(streaks([], '2026-03-14')).toEqual({ current: 0, longest: 0 });
  });

  it('counts two completions on the same day once', () => {
    expect(streaks(['2026-03-14', '2026-03-14'], '2026-03-14')).toEqual({ current: 1, longest: 1 });
  });

  it('keeps a streak ending today or yesterday alive, and breaks it after a missed day', () => {
    const days = ['2026-03-12', '2026-03-13', '2026-03-14'];
    expect(streaks(days, '2026-03-14')).toEqual({ current: 3, longest: 3 });
    expect(streaks(days, '2026-03-15')).toEqual({ current: 3, longest: 3 });
    expect(streaks(days, '2026-03-16')).toEqual({ current: 0, longest: 3 });
  });

  it('restarts the count after a gap and remembers the longest run', () => {
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-06', '2026-03-07'];
    expect(streaks(days, '2026-03-07')).toEqual({ current: 2, longest: 4 });
  });

  it('does not depend on the order of the days', () => {
    expect(streaks(['2026-03-07', '2026-03-05', '2026-03-06', '2026-03-01'], '2026-03-08')).toEqual({ current: 3, longest: 3 });
  });

  it('runs across month and year ends', () => {
    expect(streaks(['2025-12-30', '2025-12-31', '2026-01-01', '2026-02-28', '2026-03-01'], '2026-03-01')).toEqual({ current: 2, longest: 3 });
  });

  it('treats a completion dated after today (clock skew) as part of a live streak', () => {
    expect(streaks(['2026-03-14', '2026-03-15'], '2026-03-14')).toEqual({ current: 2, longest: 2 });
  });
});

describe('runEndingOn', () => {
  it('counts back from the day while each earlier day has a completion', () => {
    const days = ['2026-03-01', '2026-03-03', '2026-03-04', '2026-03-05'];
    expect(runEndingOn(days, '2026-03-05')).toBe(3);
    expect(runEndingOn(days, '2026-03-01')).toBe(1);
    expect(runEndingOn(days, '2026-03-02')).toBe(0);
  });
});
