import type { ExecutionResult } from 'graphql';

export interface DeliveryLimits {
  /** Results a live subscriber may have waiting at most, whatever their age (a paced one is bounded by its pacing). */
  maxBuffered: number;
  /** How long the oldest waiting result may wait before a live subscriber counts as stuck, ms; for a paced one, how long it may take nothing while results wait. */
  maxLagMs: number;
}

/** How a paced delivery tells its source that the client took a result (see `ReplayPacer`). */
export interface DeliveryPacing {
  taken(): void;
}

/**
 * What one subscriber receives: an async iterator (graphql-ws consumes it) over a queue.
 *
 * Live (no `pacing`): a burst may queue up for a moment; a subscriber whose oldest result waits longer than
 * `maxLagMs`, or that has more than `maxBuffered` waiting, is cut off through `onOverflow` instead of growing the
 * gateway's memory. Its feed is shared and never waits for a subscriber, so a slow one must not slow the others:
 * it is the one that goes.
 *
 * Paced (a replay, whose consumers are its own): `pacing` hears of every result taken and pauses the feed while
 * the client is behind, which bounds the queue, so `maxBuffered` does not apply; and results wait by design while
 * the feed is paused, so the lag clock measures how long the client has taken nothing while results wait (stuck),
 * not how long the oldest one waited (slow). A client that reads, however slowly, is never cut off.
 */
export class Delivery implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: { result: ExecutionResult; at: number }[] = [];
  private waiting?: (result: IteratorResult<ExecutionResult>) => void;
  private lagTimer?: NodeJS.Timeout;
  /** When the client last took a result, or results started waiting: where a paced lag is counted from. */
  private progressAt = 0;
  private done = false;

  constructor(
    private readonly limits: DeliveryLimits,
    private readonly onOverflow: (buffered: number) => void,
    private readonly onReturn: () => void,
    private readonly pacing?: DeliveryPacing,
  ) {}

  push(result: ExecutionResult): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: result, done: false });
      this.pacing?.taken();
      return;
    }
    const now = Date.now();
    if (this.queue.length === 0) this.progressAt = now;
    this.queue.push({ result, at: now });
    if (!this.pacing && this.queue.length > this.limits.maxBuffered) this.cutOff();
    else this.lagTimer ??= setTimeout(() => this.checkLag(), this.limits.maxLagMs);
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const head = this.queue.shift();
    if (this.queue.length === 0) this.clearLagTimer();
    if (head) {
      this.progressAt = Date.now();
      this.pacing?.taken();
      return Promise.resolve({ value: head.result, done: false });
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Ends the stream: graphql-ws calls it when the client completes or disconnects; we call it on shutdown. */
  return(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.done) {
      this.done = true;
      this.queue.length = 0;
      this.clearLagTimer();
      this.waiting?.({ value: undefined, done: true });
      this.waiting = undefined;
      this.onReturn();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  private checkLag(): void {
    this.lagTimer = undefined;
    const oldest = this.queue[0];
    if (!oldest || this.done) return;
    const age = Date.now() - (this.pacing ? this.progressAt : oldest.at);
    if (age >= this.limits.maxLagMs) this.cutOff();
    else this.lagTimer = setTimeout(() => this.checkLag(), this.limits.maxLagMs - age);
  }

  private cutOff(): void {
    const buffered = this.queue.length;
    void this.return();
    this.onOverflow(buffered);
  }

  private clearLagTimer(): void {
    clearTimeout(this.lagTimer);
    this.lagTimer = undefined;
  }
}
