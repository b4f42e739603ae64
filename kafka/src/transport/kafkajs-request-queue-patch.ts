/**
 * Workaround for kafkajs#1556 / #1704 (open, unreleased fix in PR #1667): in kafkajs 2.2.4 every connection's
 * `RequestQueue.scheduleCheckPendingRequests` re-arms a timer even when nothing is pending and nothing is
 * throttled, with a negative delay (`throttledUntil` is -1), so each connection runs a 1 ms timer loop for
 * its whole life. With several connections per process that is thousands of wake-ups a second per process:
 * CPU burnt while idle, and on a 2-core machine the timer work competes with requests on the hot path.
 *
 * The patched method arms the timer only when there is something to do: pending requests (at the throttle's
 * end, or kafkajs's 10 ms recheck), or a throttle still running. A request pushed later re-arms it itself
 * (`push` calls this method whenever it has to queue).
 */
// kafkajs has no `exports` map, so its internal module is reachable; the require is typed by hand below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: PatchableQueue };

/** kafkajs's recheck interval for queued requests (requestQueue/index.js `CHECK_PENDING_REQUESTS_INTERVAL`). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

interface PatchableQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(this: PatchableQueue): void;
  [PATCHED]?: true;
}

const PATCHED = Symbol.for('puchi.kafkajs.requestQueuePatched');

function scheduleCheckPendingRequests(this: PatchableQueue): void {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  let delay: number;
  if (this.pending.length > 0) delay = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  else if (untilUnthrottled > 0) delay = untilUnthrottled;
  else return; // nothing queued, nothing throttled: the next `push` schedules if it must
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delay);
}

/** Installs the fixed method on kafkajs's RequestQueue once per process. */
export function patchKafkaJsRequestQueue(): void {
  const proto = RequestQueue.prototype;
  if (proto[PATCHED]) return;
  proto.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  proto[PATCHED] = true;
}
