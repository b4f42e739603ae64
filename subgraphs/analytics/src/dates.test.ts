import { dayRangeProblem, daysBetween, expandDays, isDay, MAX_RANGE_DAYS, utcDay } from './dates';

describe('days', () => {
  it.each(['2026-01-01', '2024-02-29', '2026-12-31'])('accepts the calendar day %s', (day) => expect(isDay(day)).toBe(true));
  it.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-1-01', '2026-01-01T00:00:00Z', '', 'yesterday'])('refuses %j', (day) =>
    expect(isDay(day)).toBe(false),
  );

  it('takes the UTC day of a timestamp whatever its offset', () => {
    expect(utcDay('2031-05-10T23:30:00.000Z')).toBe('2031-05-10');
    expect(utcDay('2031-05-11T01:00:00+02:00')).toBe('2031-05-10');
    expect(utcDay('2031-05-10T22:00:00-03:00')).toBe('2031-05-11');
    expect(utcDay('not a date')).toBeNull();
  });

  it('counts days across months, leap days and DST changes', () => {
    expect(daysBetween('2026-01-01', '2026-01-01')).toBe(0);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-01-10', '2026-01-01')).toBe(-9);
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });
});

describe('expandDays', () => {
  it('lists every day inclusive, oldest first', () => {
    expect(expandDays('2024-02-27', '2024-03-02')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02']);
    expect(expandDays('2025-12-31', '2026-01-01')).toEqual(['2025-12-31', '2026-01-01']);
  });

  it('gives one day for from = to and none for a reversed range', () => {
    expect(expandDays('2026-06-01', '2026-06-01')).toEqual(['2026-06-01']);
    expect(expandDays('2026-06-02', '2026-06-01')).toEqual([]);
  });

  it('covers the longest range allowed', () => {
    const days = expandDays('2024-01-01', '2025-01-01');
    expect(days).toHaveLength(MAX_RANGE_DAYS + 1);
    expect(days.at(-1)).toBe('2025-01-01');
  });
});

describe('dayRangeProblem', () => {
  it.each([
    ['2026-01-01', '2026-01-01', null],
    ['2024-01-01', '2025-01-01', null],
    ['2026-02-30', '2026-03-01', 'from'],
    ['2026-03-01', '03/02/2026', 'to'],
    ['2026-03-02', '2026-03-01', 'to'],
    ['2024-01-01', '2025-01-02', 'to'],
  ])('%s..%s → %s', (from, to, field) => {
    expect(dayRangeProblem(from, to)?.[0] ?? null).toBe(field);
  });

  it('says what is wrong', () => {
    expect(dayRangeProblem('2026-03-02', '2026-03-01')?.[1]).toBe('must not be before from (2026-03-02)');
    expect(dayRangeProblem('2024-01-01', '2025-06-01')?.[1]).toMatch(/^must be at most 366 days after from \(2024-01-01\); it is 517$/);
  });
});
