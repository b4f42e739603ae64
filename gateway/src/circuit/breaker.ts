import { ConsecutiveBreaker, SamplingBreaker, type CircuitState, type IBreaker } from 'cockatiel';
import type { CircuitSettings } from './settings';

/**
 * Opens when any of its breakers says so. Each sees every result, so each keeps its own count: a run of
 * consecutive failures and an error rate over a window are two views of the same calls.
 */
export class AnyOfBreaker implements IBreaker {
  constructor(private readonly breakers: readonly IBreaker[]) {}

  get state(): unknown {
    return this.breakers.map((b) => b.state);
  }

  set state(value: unknown) {
    (value as unknown[]).forEach((s, i) => {
      this.breakers[i]!.state = s;
    });
  }

  success(state: CircuitState): void {
    for (const breaker of this.breakers) breaker.success(state);
  }

  failure(state: CircuitState): boolean {
    // Every breaker counts the failure: no short-circuit.
    return this.breakers.map((b) => b.failure(state)).some(Boolean);
  }
}

/**
 * The breaker of one domain from the settings: consecutive failures, and the error rate over a sliding window
 * once it holds `minCalls`. Undefined when both triggers are off (0): then nothing opens a circuit.
 */
export function breakerFor(settings: CircuitSettings): IBreaker | undefined {
  const breakers: IBreaker[] = [];
  if (settings.consecutiveFailures > 0) breakers.push(new ConsecutiveBreaker(settings.consecutiveFailures));
  if (settings.errorRatePercent > 0) {
    breakers.push(
      new SamplingBreaker({
        threshold: settings.errorRatePercent / 100,
        duration: settings.windowMs,
        // cockatiel asks for a rate: minCalls over the window is the same bound (`total < duration × minimumRps`).
        minimumRps: settings.minCalls / (settings.windowMs / 1000),
      }),
    );
  }
  if (breakers.length === 0) return undefined;
  return breakers.length === 1 ? breakers[0] : new AnyOfBreaker(breakers);
}
