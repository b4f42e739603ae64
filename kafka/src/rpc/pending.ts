interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

/**
 * The correlation map: one entry per request waiting for its reply. An entry leaves on its reply, its
 * timeout or a failure, whichever comes first; later replies for it (a responder redoing work after a
 * rebalance) find nothing and are dropped.
 */
export class PendingRequests<T> {
  private readonly waiters = new Map<string, Waiter<T>>();

  get size(): number {
    return this.waiters.size;
  }

  /** Waits for `settle(id)`; after `timeoutMs` rejects with what `onTimeout()` returns. */
  wait(id: string, timeoutMs: number, onTimeout: () => unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(onTimeout());
      }, Math.max(0, timeoutMs));
      this.waiters.set(id, { resolve, reject, timer });
    });
  }

  /** Delivers a reply; false when nobody waits for `id` any more. */
  settle(id: string, value: T): boolean {
    const waiter = this.take(id);
    waiter?.resolve(value);
    return waiter !== undefined;
  }

  fail(id: string, error: unknown): boolean {
    const waiter = this.take(id);
    waiter?.reject(error);
    return waiter !== undefined;
  }

  failAll(error: (id: string) => unknown): void {
    for (const id of [...this.waiters.keys()]) this.fail(id, error(id));
  }

  private take(id: string): Waiter<T> | undefined {
    const waiter = this.waiters.get(id);
    if (!waiter) return undefined;
    clearTimeout(waiter.timer);
    this.waiters.delete(id);
    return waiter;
  }
}
