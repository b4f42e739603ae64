/**
 * Runs tasks one at a time per key. A learner's state is read, decided on and written by separate steps
 * (read the store, publish, project); two requests for one learner interleaving there could both start the
 * same lesson or both extend the streak. Different learners still run in parallel.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // Forget an idle key, unless another task queued behind this one meanwhile.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  get size(): number {
    return this.tails.size;
  }
}
