/**
 * When a failed produce is tried again, for both Kafka clients: from 100 ms, doubling, never more than 500 ms
 * apart, as many tries as fit in the producer's `retryBudgetMs` (default 10 s, about kafkajs's own total).
 *
 * kafkajs's own schedule (300 ms doubling to 4.8 s) waits too long between tries when a broker dies: its partitions
 * get new leaders about 3 s later (the launcher's `broker.session.timeout.ms`), but a send that failed at once was
 * tried again only at 0.3, 0.9, 2.1 and 4.5 s, and the idempotent producers send one batch at a time, so every send
 * queued behind it waited too. With tries at most 500 ms apart a send goes out within half a second of the new
 * leaders (`npm run chaos -- --broker-kill`).
 */
export const FIRST_RETRY_WAIT_MS = 100;
export const MAX_RETRY_WAIT_MS = 500;
export const DEFAULT_RETRY_BUDGET_MS = 10_000;

/** The wait before try `retry` (1 for the first retry). */
export function retryWaitMs(retry: number): number {
  return Math.min(MAX_RETRY_WAIT_MS, FIRST_RETRY_WAIT_MS * 2 ** Math.max(0, retry - 1));
}

/** How many retries' waits fit in `budgetMs` (at least one). */
export function retriesWithin(budgetMs: number = DEFAULT_RETRY_BUDGET_MS): number {
  let retries = 0;
  let spent = 0;
  while (spent + retryWaitMs(retries + 1) <= budgetMs) spent += retryWaitMs(++retries);
  return Math.max(1, retries);
}
