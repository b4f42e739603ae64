import { BrokenCircuitError, circuitBreaker, CircuitState, handleType, type CircuitBreakerPolicy, type IBreaker } from 'cockatiel';
import { CircuitOpenError, type CircuitStateName } from './errors';
import { outcomeOf } from './outcome';

/** A failure that counts against the service; cockatiel's policy handles only this type, and it is unwrapped before it leaves. */
class CountedFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('counted failure');
  }
}

/** What one call resolved to inside the policy: a value, or an error the service answered with (a success for the breaker). */
type Attempt<T> = { value: T } | { answered: unknown };

export interface CircuitTransition {
  domain: string;
  /** The partition whose owner the circuit guards; absent for a domain's circuit of unkeyed calls. */
  partition?: number;
  from: CircuitStateName;
  to: CircuitStateName;
  /** The failure that opened the circuit (or kept it open). */
  cause?: unknown;
}

export interface DomainCircuitOptions {
  breaker: IBreaker;
  halfOpenAfterMs: number;
  /** See `CircuitSettings.minTimeoutMs`. */
  minTimeoutMs: number;
  /** Guards the owner of this partition of the domain's request topics (keyed calls), not the whole domain. */
  partition?: number;
  onTransition(transition: CircuitTransition): void;
}

const NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

/**
 * One domain's circuit: cockatiel's `CircuitBreakerPolicy` with our idea of a failure (`outcomeOf`). Closed, calls
 * go through and their outcomes are counted; open, they are refused at once with `CircuitOpenError`; after
 * `halfOpenAfterMs` the next call goes through as the one probe while every other is still refused, and its
 * outcome closes the circuit or opens it again.
 */
export class DomainCircuit {
  private readonly policy: CircuitBreakerPolicy;
  private current: CircuitStateName = 'closed';
  private openedAt = 0;

  constructor(
    readonly domain: string,
    private readonly options: DomainCircuitOptions,
  ) {
    this.policy = circuitBreaker(handleType(CountedFailure), { breaker: options.breaker, halfOpenAfter: options.halfOpenAfterMs });
    this.policy.onStateChange((state) => {
      const from = this.current;
      this.current = NAMES[state];
      if (this.current === 'open') this.openedAt = Date.now();
      const last = this.policy.lastFailure;
      const cause = this.current === 'open' && last && 'error' in last ? (last.error instanceof CountedFailure ? last.error.cause : last.error) : undefined;
      options.onTransition({ domain, ...(options.partition !== undefined ? { partition: options.partition } : {}), from, to: this.current, ...(cause !== undefined ? { cause } : {}) });
    });
  }

  get state(): CircuitStateName {
    return this.current;
  }

  get partition(): number | undefined {
    return this.options.partition;
  }

  /** Runs `send` through the circuit: its value, the error it failed with, or `CircuitOpenError` without sending. */
  async run<T>(send: () => Promise<T>): Promise<T> {
    // cockatiel makes calls that arrive while its probe is out wait for the probe's outcome: a stuck service's
    // deadline for every one of them. They are refused at once instead; one call is the probe.
    if (this.policy.state === CircuitState.HalfOpen) throw this.refusal();
    let attempt: Attempt<T>;
    try {
      attempt = await this.policy.execute(() => this.attempt(send));
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw this.refusal();
      throw error instanceof CountedFailure ? error.cause : error;
    }
    if ('answered' in attempt) throw attempt.answered;
    return attempt.value;
  }

  private async attempt<T>(send: () => Promise<T>): Promise<Attempt<T>> {
    const probe = this.policy.state === CircuitState.HalfOpen;
    try {
      return { value: await send() };
    } catch (error) {
      const outcome = outcomeOf(error, this.options.minTimeoutMs);
      // A probe must show the service answers: one that proves nothing (a spent deadline) keeps the circuit open.
      if (outcome === 'failure' || (probe && outcome === 'neutral')) throw new CountedFailure(error);
      if (outcome === 'answered') return { answered: error };
      // Closed: an error the policy does not handle is counted neither way.
      throw error;
    }
  }

  private refusal(): CircuitOpenError {
    const waitMs = this.current === 'open' ? this.openedAt + this.options.halfOpenAfterMs - Date.now() : 0;
    return new CircuitOpenError(this.domain, Math.max(1, Math.ceil(waitMs / 1000)));
  }
}
