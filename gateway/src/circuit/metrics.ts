import { Counter, Gauge, register } from 'prom-client';
import type { CircuitStateName } from './errors';

/** `puchi_circuit_state`'s value per state: higher is worse, so an alert reads `> 0` or `== 2`. */
export const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitStateName, number>> = { closed: 0, 'half-open': 1, open: 2 };

export interface CircuitMetrics {
  /** Records where a domain's circuit is, and, when it moved, the transition. */
  record(domain: string, to: CircuitStateName, moved: boolean): void;
  /** Records how many of a domain's partition circuits (keyed calls) are not closed, and a transition of one. */
  recordPartitions(domain: string, notClosed: number, to: CircuitStateName): void;
}

/**
 * On prom-client's default registry, created once per process: tests start several gateways in one process,
 * and registering a name twice throws. With several gateways the gauge shows the last one to move.
 */
export function circuitMetrics(): CircuitMetrics {
  const state =
    (register.getSingleMetric('puchi_circuit_state') as Gauge<'domain'> | undefined) ??
    new Gauge({ name: 'puchi_circuit_state', help: 'Circuit breaker state of each domain at the gateway: 0 closed, 1 half-open, 2 open.', labelNames: ['domain'] });
  const transitions =
    (register.getSingleMetric('puchi_circuit_transitions_total') as Counter<'domain' | 'to'> | undefined) ??
    new Counter({ name: 'puchi_circuit_transitions_total', help: 'Circuit breaker transitions of each domain at the gateway, by the state entered.', labelNames: ['domain', 'to'] });
  const partitions =
    (register.getSingleMetric('puchi_circuit_partitions_not_closed') as Gauge<'domain'> | undefined) ??
    new Gauge({ name: 'puchi_circuit_partitions_not_closed', help: 'Partitions of each domain whose circuit (keyed calls to their owner) is open or half-open at the gateway.', labelNames: ['domain'] });
  const partitionTransitions =
    (register.getSingleMetric('puchi_circuit_partition_transitions_total') as Counter<'domain' | 'to'> | undefined) ??
    new Counter({ name: 'puchi_circuit_partition_transitions_total', help: 'Transitions of the partition circuits of each domain at the gateway, by the state entered.', labelNames: ['domain', 'to'] });
  return {
    record(domain, to, moved) {
      state.set({ domain }, CIRCUIT_STATE_VALUES[to]);
      if (moved) transitions.inc({ domain, to });
    },
    recordPartitions(domain, notClosed, to) {
      partitions.set({ domain }, notClosed);
      partitionTransitions.inc({ domain, to });
    },
  };
}
