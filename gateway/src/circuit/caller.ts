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
 * A `Caller` with circuits in front of another (the gateway's `RpcClient`): what every subgraph context of the
 * gateway calls through, HTTP requests and subscription events alike, so a circuit sees all of this gateway's
 * traffic to what it guards. Errors stay as the inner caller and `DomainCircuit` throw them; the kit's
 * `toGraphQLError` turns them into the failing field's error, so the rest of a response still resolves.
 *
 * Unkeyed calls go through one circuit per domain. A keyed call (an entity's owner answers it) goes through the
 * circuit of its domain and partition: when one instance of several dies, only the keys it owned time out until
 * their partitions move (seconds), and a circuit for the whole domain would refuse every key meanwhile (issue 11's
 * chaos runs saw bursts of hundreds of SERVICE_UNAVAILABLE that way). A domain that answers nobody opens every
 * partition's circuit as its keys are asked for.
 */
export class CircuitBreakingCaller implements Caller {
  private readonly circuits = new Map<string, DomainCircuit>();
  /** `<domain>#<partition>` → the circuit of that partition's owner, made on its first keyed call (bounded by the partition counts). */
  private readonly partitionCircuits = new Map<string, DomainCircuit>();
  private readonly minTimeoutMs: number;
  private readonly onTransition: (transition: CircuitTransition) => void;

  constructor(private readonly options: CircuitBreakingCallerOptions) {
    this.minTimeoutMs = effectiveMinTimeoutMs(options.settings, options.requestTimeoutMs);
    const logger = options.logger.child({ component: 'circuit' });
    this.onTransition = ({ domain, partition, from, to, cause }: CircuitTransition) => {
      if (partition === undefined) options.metrics?.record(domain, to, true);
      else options.metrics?.recordPartitions(domain, this.openPartitions(domain).length, to);
      const fields = { domain, ...(partition !== undefined ? { partition } : {}), from, to, ...(cause !== undefined ? { cause } : {}) };
      if (to === 'open') logger.warn('circuit opened', { ...fields, retryInMs: options.settings.halfOpenAfterMs });
      else logger.info(to === 'closed' ? 'circuit closed' : 'circuit half-open: one probe goes through', fields);
    };
    for (const domain of new Set(options.topics.values())) {
      const circuit = this.makeCircuit(domain, undefined);
      if (!circuit) continue;
      this.circuits.set(domain, circuit);
      options.metrics?.record(domain, 'closed', false);
    }
  }

  request<TRequest, TReply>(route: Route<TRequest, TReply>, payload: TRequest, options?: RequestOptions): Promise<TReply> {
    const domain = this.options.topics.get(route.name);
    const send = () => this.options.caller.request(route, payload, options);
    if (domain === undefined || !this.circuits.has(domain)) return send();
    const keyed = options?.partition !== undefined || (options?.key !== undefined && options.key !== null);
    if (!keyed) return this.circuits.get(domain)!.run(send);
    return this.partitionOfCall(route.name, options).then(
      (partition) => (partition === undefined ? this.circuits.get(domain)! : this.partitionCircuit(domain, partition)).run(send),
    );
  }

  /** The partitions of `domain` whose circuit is open or half-open, ascending. */
  openPartitions(domain: string): number[] {
    const open: number[] = [];
    for (const circuit of this.partitionCircuits.values()) {
      if (circuit.domain === domain && circuit.partition !== undefined && circuit.state !== 'closed') open.push(circuit.partition);
    }
    return open.sort((a, b) => a - b);
  }

  private async partitionOfCall(topic: string, options: RequestOptions | undefined): Promise<number | undefined> {
    if (options?.partition !== undefined) return options.partition;
    const inner = this.options.caller;
    if (!inner.partitionOf || options?.key === undefined || options.key === null) return undefined;
    // A topic the caller cannot find fails the request itself, with its own error, through the domain's circuit.
    return inner.partitionOf(topic, options.key).catch(() => undefined);
  }

  private partitionCircuit(domain: string, partition: number): DomainCircuit {
    const name = `${domain}#${partition}`;
    let circuit = this.partitionCircuits.get(name);
    if (!circuit) {
      circuit = this.makeCircuit(domain, partition)!;
      this.partitionCircuits.set(name, circuit);
    }
    return circuit;
  }

  private makeCircuit(domain: string, partition: number | undefined): DomainCircuit | undefined {
    const breaker = breakerFor(this.options.settings);
    if (!breaker) return undefined;
    const settings = { breaker, halfOpenAfterMs: this.options.settings.halfOpenAfterMs, minTimeoutMs: this.minTimeoutMs, onTransition: this.onTransition };
    return new DomainCircuit(domain, partition === undefined ? settings : { ...settings, partition });
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
