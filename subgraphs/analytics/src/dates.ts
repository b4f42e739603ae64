/** UTC calendar days as `YYYY-MM-DD` strings: the unit of every per-day report. */

const DAY_MS = 86_400_000;
const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** The longest report: `to` may be at most this many days after `from` (a leap year and its first day). */
export const MAX_RANGE_DAYS = 366;

/** Epoch ms of a day's UTC midnight, or null when `day` is not a real calendar day (`2026-02-30`). */
export function dayStart(day: string): number | null {
  if (!DAY_FORMAT.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  // Date.parse rolls 2026-02-30 over to March 2nd; round-tripping catches it.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) return null;
  return ms;
}

export function isDay(day: string): boolean {
  return dayStart(day) !== null;
}

/** The UTC day of an ISO-8601 timestamp (any offset), or null when it is not a date. */
export function utcDay(timestamp: string): string | null {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). Both must be valid days. */
export function daysBetween(from: string, to: string): number {
  const start = dayStart(from);
  const end = dayStart(to);
  if (start === null || end === null) throw new RangeError(`not a day: ${start === null ? from : to}`);
  return Math.round((end - start) / DAY_MS);
}

/** Every day from `from` to `to` inclusive, oldest first; empty when `to` is before `from`. */
export function expandDays(from: string, to: string): string[] {
  const start = dayStart(from);
  const count = daysBetween(from, to) + 1;
  if (start === null || count <= 0) return [];
  return Array.from({ length: count }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

/**
 * What is wrong with a report range, as `[field, problem]`, or null when it is fine. The order of checks
 * decides which field a client is told about first: the days themselves, then their order, then the span.
 */
export function dayRangeProblem(from: string, to: string): [field: 'from' | 'to', problem: string] | null {
  if (!isDay(from)) return ['from', 'must be a calendar day as YYYY-MM-DD'];
  if (!isDay(to)) return ['to', 'must be a calendar day as YYYY-MM-DD'];
  const span = daysBetween(from, to);
  if (span < 0) return ['to', `must not be before from (${from})`];
  if (span > MAX_RANGE_DAYS) return ['to', `must be at most ${MAX_RANGE_DAYS} days after from (${from}); it is ${span}`];
  return null;
}
