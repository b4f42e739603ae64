/**
 * Notices when this process stopped running for a while (SIGSTOP, a swapped-out or starved host, a long GC): its
 * consumer group may have given its partitions to another instance meanwhile, and a request it fetched before
 * must then not be acted on, since the new owner may already have (issue 11's chaos run caught a starved instance
 * writing a review box over its successor's). Kafka's own fence would be a transactional producer per partition;
 * this is the lease a member holds by heart-beating: a pause long enough to lose it voids what came before it.
 */
export interface StallWatch {
  /**
   * Whether the process stalled for `thresholdMs` or more after `since` (epoch ms), counting a stall still under
   * way: the check may run before the watch's own timer noticed (I/O is handled before timers on waking).
   */
  stalledAfter(since: number): boolean;
  stop(): void;
}

/** Stalls remembered; older ones concern requests long expired. */
const REMEMBERED = 32;

export function startStallWatch(thresholdMs: number, options: { tickMs?: number; now?: () => number } = {}): StallWatch {
  const now = options.now ?? Date.now;
  const tickMs = options.tickMs ?? 100;
  const stalls: { start: number; end: number }[] = [];
  let lastTick = now();
  const tick = () => {
    const at = now();
    if (at - lastTick - tickMs >= thresholdMs) {
      stalls.push({ start: lastTick, end: at });
      if (stalls.length > REMEMBERED) stalls.shift();
    }
    lastTick = at;
  };
  const timer = setInterval(tick, tickMs);
  timer.unref();
  return {
    stalledAfter: (since) => now() - lastTick - tickMs >= thresholdMs || stalls.some((s) => s.end > since),
    stop: () => clearInterval(timer),
  };
}
