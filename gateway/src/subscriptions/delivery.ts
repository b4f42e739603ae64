import type { ExecutionResult } from 'graphql';

export interface DeliveryLimits {
  /** Results a subscriber may have waiting at most, whatever their age. */
  maxBuffered: number;
  /** How long the oldest waiting result may wait before the subscriber counts as stuck, ms. */
  maxLagMs: number;
}

/**
 * What one subscriber receives: an async iterator (graphql-ws consumes it) over a bounded queue. A burst
 * may queue up for a moment; a subscriber whose oldest result waits longer than `maxLagMs`, or that has more
 * than `maxBuffered` waiting, is cut off through `onOverflow` instead of growing the gateway's memory. The
 * shared feed never waits for a subscriber, so the others are unaffected.
 */
export class Delivery implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: { result: ExecutionResult; at: number }[] = [];
  private waiting?: (result: IteratorResult<ExecutionResult>) => void;
  private lagTimer?: NodeJS.Timeout;
  private done = false;

  constructor(
    private readonly limits: DeliveryLimits,
    private readonly onOverflow: (buffered: number) => void,
    private readonly onReturn: () => void,
  ) {}

  push(result: ExecutionResult): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: result, done: false });
      return;
    }
    this.queue.push({ result, at: Date.now() });
    if (this.queue.length > this.limits.maxBuffered) this.cutOff();
    else this.lagTimer ??= setTimeout(() => this.checkLag(), this.limits.maxLagMs);
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const head = this.queue.shift();
    if (this.queue.length === 0) this.clearLagTimer();
    if (head) return Promise.resolve({ value: head.result, done: false });
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
    const age = Date.now() - oldest.at;
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
