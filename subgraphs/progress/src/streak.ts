/** Streaks count UTC calendar days, so every learner's day ends at the same instant whatever their time zone. */

const DAY_MS = 86_400_000;

/** The UTC day (`YYYY-MM-DD`) of an instant; offsets are normalised, so `23:30-02:00` is the next UTC day. */
export function utcDay(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return date.toISOString().slice(0, 10);
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00.000Z`) / DAY_MS;

/** Distinct day numbers, ascending. */
const sortedDays = (days: Iterable<string>) => [...new Set([...days].map(dayNumber))].sort((a, b) => a - b);

export interface Streaks {
  /** The run of consecutive days ending today or yesterday (today's completion may still come); else 0. */
  current: number;
  longest: number;
}

/** `days`: the UTC days with at least one completion, in any order, duplicates allowed. */
export function streaks(days: Iterable<string>, today: string): Streaks {
  let longest = 0;
  let run = 0;
  let previous = Number.NaN;
  const sorted = sortedDays(days);
  for (const day of sorted) {
    run = day === previous + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  const last = sorted.at(-1);
  // A day after today means the writer's clock ran ahead of ours: still a live streak, not a broken one.
  const current = last !== undefined && last >= dayNumber(today) - 1 ? run : 0;
  return { current, longest };
}

/** The length of the run of consecutive days that ends on `day` (0 if `day` itself has no completion). */
export function runEndingOn(days: Iterable<string>, day: string): number {
  const set = new Set(sortedDays(days));
  let run = 0;
  for (let d = dayNumber(day); set.has(d); d--) run++;
  return run;
}
