/**
 * Label values taken from requests (operation names, error codes) are chosen by clients: each new value is a new
 * series held for the process's lifetime, so a client sending random names would grow the scrape and the
 * gateway's memory without end. The first `max` distinct values are kept; later ones read `other`.
 */
export class BoundedLabels {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly maxLength = 100,
  ) {}

  label(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max || value.length > this.maxLength) return 'other';
    this.seen.add(value);
    return value;
  }
}
