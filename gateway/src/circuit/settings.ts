/**
 * When the gateway stops calling a domain service for a while (`CIRCUIT_*`, docs/limits.md "Circuit breaker").
 * A stuck service (paused, swapping, deadlocked: still a consumer group member, answering nothing) costs every
 * call the request's whole deadline, 5 s by default; once its circuit is open those calls fail at once.
 */
export interface CircuitSettings {
  /**
   * Opens after this many failures in a row (`CIRCUIT_CONSECUTIVE_FAILURES`, default 5; 0 turns this trigger off).
   * Any answer resets the count, so a healthy service that fails now and then never reaches it; a stuck one does
   * within one deadline under any traffic, since calls in flight time out together.
   */
  consecutiveFailures: number;
  /**
   * Opens when more than this share of the calls in `windowMs` failed, as a percentage (`CIRCUIT_ERROR_RATE_PERCENT`,
   * default 50, opossum's; 0 turns this trigger off): a service that fails every other call, which never makes
   * `consecutiveFailures` in a row.
   */
  errorRatePercent: number;
  /** The sliding window of the error rate (`CIRCUIT_WINDOW_MS`, default 10000: opossum's and Hystrix's, two deadlines). */
  windowMs: number;
  /**
   * The error rate opens the circuit only with at least this many calls in the window (`CIRCUIT_MIN_CALLS`,
   * default 20, Hystrix's request volume threshold): 2 failures out of 3 calls say little.
   */
  minCalls: number;
  /**
   * How long an open circuit refuses calls before it lets one through as a probe (`CIRCUIT_HALF_OPEN_AFTER_MS`,
   * default 1000): a service that came back is used again within about a second, and one still stuck costs one
   * probe a second (on one partition, for keyed calls), each waiting out its deadline. Hystrix's 5 s made every fault that opens
   * circuits 5 s longer than itself: a broker killed under load (`npm run chaos -- --broker-kill`) left keys
   * refused for 5 s after its partitions had new leaders and the services answered again.
   */
  halfOpenAfterMs: number;
  /**
   * A timeout counts against a service only when its call had at least this long to be answered
   * (`CIRCUIT_MIN_TIMEOUT_MS`; default 1000, or half of `REQUEST_TIMEOUT_MS` when that is shorter; below
   * `REQUEST_TIMEOUT_MS`). Every call of a GraphQL request shares one deadline: a call made after the request spent
   * 4.9 s elsewhere times out with 100 ms left, which says nothing about the service it went to. Domain calls
   * answer in milliseconds; a second without an answer does say something.
   */
  minTimeoutMs?: number;
}

/** The defaults of every setting but `minTimeoutMs`, whose default depends on the request deadline. */
export const DEFAULT_CIRCUIT: Required<Omit<CircuitSettings, 'minTimeoutMs'>> = {
  consecutiveFailures: 5,
  errorRatePercent: 50,
  windowMs: 10_000,
  minCalls: 20,
  halfOpenAfterMs: 1000,
};

const DEFAULT_MIN_TIMEOUT_MS = 1000;

/** The `minTimeoutMs` in force: the setting, else 1000 ms or half the request deadline when that is shorter. */
export function effectiveMinTimeoutMs(settings: CircuitSettings, requestTimeoutMs: number): number {
  return settings.minTimeoutMs ?? Math.min(DEFAULT_MIN_TIMEOUT_MS, Math.floor(requestTimeoutMs / 2));
}
