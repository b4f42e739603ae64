import { CircuitState, type IBreaker } from 'cockatiel';
import { CircuitOpenError, type CircuitStateName } from './errors';
import { outcomeOf } from './outcome';

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

/**
 * One domain's circuit, counting failures with cockatiel's breakers and our idea of a failure (`outcomeOf`).
 * Closed, calls go through and their outcomes are counted; open, they are refused at once with `CircuitOpenError`;
 * `halfOpenAfterMs` after it opened, the next call goes through as a probe while the others are still refused. A
 * probe answered closes the circuit; one that fails, or proves nothing (a spent deadline), opens it again. A probe
 * still out after another `halfOpenAfterMs` lets one more call through as a probe: a probe sent into an outage (a
 * broker being replaced) can wait out its whole deadline, and the service, back meanwhile, must not be refused
 * until then. (cockatiel's own policy holds every call behind its one probe, so the state machine is ours.)
 */
export class DomainCircuit {
  private current: CircuitStateName = 'closed';
  private openedAt = 0;
  /** When the last probe went out (half-open only). */
  private probedAt = 0;

  constructor(
    readonly domain: string,
    private readonly options: DomainCircuitOptions,
  ) {}

  get state(): CircuitStateName {
    return this.current;
  }

  get partition(): number | undefined {
    return this.options.partition;
  }

  /** Runs `send` through the circuit: its value, the error it failed with, or `CircuitOpenError` without sending. */
  async run<T>(send: () => Promise<T>): Promise<T> {
    const probe = this.admit();
    let value: T;
    try {
      value = await send();
    } catch (error) {
      const outcome = outcomeOf(error, this.options.minTimeoutMs);
      if (outcome === 'answered') this.succeeded(probe);
      else if (outcome === 'failure' || probe) this.failed(probe, error);
      // Closed, an error that says nothing about the service (a spent deadline) is counted neither way.
      throw error;
    }
    this.succeeded(probe);
    return value;
  }

  /** Whether the call may go out, and as a probe; throws the refusal otherwise. */
  private admit(): boolean {
    if (this.current === 'closed') return false;
    const now = Date.now();
    const since = this.current === 'open' ? this.openedAt : this.probedAt;
    if (now - since < this.options.halfOpenAfterMs) throw this.refusal(now);
    if (this.current === 'open') this.move('half-open');
    this.probedAt = now;
    return true;
  }

  private succeeded(probe: boolean): void {
    this.options.breaker.success(probe ? CircuitState.HalfOpen : CircuitState.Closed);
    // A probe answered, even one overtaken by a newer probe, shows the service answers. A call let through while
    // closed and answered after the circuit opened does not close it: it may have been answered before the failures.
    if (probe && this.current !== 'closed') this.move('closed');
  }

  private failed(probe: boolean, cause: unknown): void {
    if (probe) {
      this.options.breaker.failure(CircuitState.HalfOpen);
      // A probe older than one that closed the circuit says nothing the newer one did not.
      if (this.current === 'half-open') this.open(cause);
      return;
    }
    if (this.options.breaker.failure(CircuitState.Closed) && this.current === 'closed') this.open(cause);
  }

  private open(cause: unknown): void {
    this.openedAt = Date.now();
    this.move('open', cause);
  }

  private move(to: CircuitStateName, cause?: unknown): void {
    const from = this.current;
    this.current = to;
    const { partition } = this.options;
    this.options.onTransition({ domain: this.domain, ...(partition !== undefined ? { partition } : {}), from, to, ...(cause !== undefined ? { cause } : {}) });
  }

  private refusal(now: number): CircuitOpenError {
    const waitMs = this.current === 'open' ? this.openedAt + this.options.halfOpenAfterMs - now : this.probedAt + this.options.halfOpenAfterMs - now;
    return new CircuitOpenError(this.domain, Math.max(1, Math.ceil(waitMs / 1000)));
  }
}
