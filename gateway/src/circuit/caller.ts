import type { Logger, RequestOptions, Route } from '@puchi/kafka';
import type { Caller } from '@puchi/subgraph-kit';
import { breakerFor } from './breaker';
import { DomainCircuit, type CircuitTransition } from './domain-circuit';
import type { CircuitStateName } from './errors';
import type { CircuitMetrics } from './metrics';
import { effectiveMinTimeoutMs, type CircuitSettings } from './settings';

export interface CircuitBreakingCallerOptions {
  /** What actually sends: the gateway's `RpcClient`. */
  caller: Caller;
  /** The domain whose service answers each request topic. A topic of no domain goes straight through. */
  topics: ReadonlyMap<string, string>;
  settings: CircuitSettings;
  /** The request deadline (`REQUEST_TIMEOUT_MS`): the default of `minTimeoutMs` is derived from it. */
  requestTimeoutMs: number;
  /** Transitions are logged: opening as a warning, the rest as info. */
  logger: Logger;
  metrics?: CircuitMetrics;
}

/**
 * A `Caller` with a circuit per domain in front of another (the gateway's `RpcClient`): what every subgraph
 * context of the gateway calls through, HTTP requests and subscription events alike, so a domain's circuit
 * sees all of this gateway's traffic to it. Errors stay as the inner caller and `DomainCircuit` throw them; the
 * kit's `toGraphQLError` turns them into the failing field's error, so the rest of a response still resolves.
 */
export class CircuitBreakingCaller implements Caller {
  private readonly circuits = new Map<string, DomainCircuit>();

  constructor(private readonly options: CircuitBreakingCallerOptions) {
    const minTimeoutMs = effectiveMinTimeoutMs(options.settings, options.requestTimeoutMs);
    const logger = options.logger.child({ component: 'circuit' });
    const onTransition = ({ domain, from, to, cause }: CircuitTransition) => {
      options.metrics?.record(domain, to, true);
      const fields = { domain, from, to, ...(cause !== undefined ? { cause } : {}) };
      if (to === 'open') logger.warn('circuit opened', { ...fields, retryInMs: options.settings.halfOpenAfterMs });
      else logger.info(to === 'closed' ? 'circuit closed' : 'circuit half-open: one probe goes through', fields);
    };
    for (const domain of new Set(options.topics.values())) {
      const breaker = breakerFor(options.settings);
      if (!breaker) continue;
      this.circuits.set(domain, new DomainCircuit(domain, { breaker, halfOpenAfterMs: options.settings.halfOpenAfterMs, minTimeoutMs, onTransition }));
      options.metrics?.record(domain, 'closed', false);
    }
  }

  request<TRequest, TReply>(route: Route<TRequest, TReply>, payload: TRequest, options?: RequestOptions): Promise<TReply> {
    const domain = this.options.topics.get(route.name);
    const circuit = domain === undefined ? undefined : this.circuits.get(domain);
    const send = () => this.options.caller.request(route, payload, options);
    return circuit ? circuit.run(send) : send();
  }

  partitionOf(topic: string, key: string): Promise<number> {
    const inner = this.options.caller;
    // Without partitions known, the kit groups a keyed batch by entity instead.
    return inner.partitionOf ? inner.partitionOf(topic, key) : Promise.reject(new Error('the caller knows no partitions'));
  }

  partitionCount(topic: string): Promise<number> {
    const inner = this.options.caller;
    return inner.partitionCount ? inner.partitionCount(topic) : Promise.reject(new Error('the caller knows no partitions'));
  }

  /** Where `domain`'s circuit is; `closed` for a domain without one (both triggers off). */
  state(domain: string): CircuitStateName {
    return this.circuits.get(domain)?.state ?? 'closed';
  }
}
