import { DOMAIN_MANIFESTS } from '@puchi/domains';
import type { Logger } from '@puchi/kafka';
import type { Caller } from '@puchi/subgraph-kit';
import { CircuitBreakingCaller } from './caller';
import { circuitMetrics } from './metrics';
import type { CircuitSettings } from './settings';

export { CircuitBreakingCaller, type CircuitBreakingCallerOptions } from './caller';
export { CircuitOpenError, type CircuitStateName } from './errors';
export { CIRCUIT_STATE_VALUES, circuitMetrics, type CircuitMetrics } from './metrics';
export { DEFAULT_CIRCUIT, effectiveMinTimeoutMs, type CircuitSettings } from './settings';

/** Every request topic with the domain whose service answers it, from the registry's manifests. */
export function requestTopicDomains(): Map<string, string> {
  return new Map(DOMAIN_MANIFESTS.flatMap((manifest) => manifest.calls.map((call): [string, string] => [call.topic, manifest.name])));
}

/** The gateway's caller: `rpc` behind a circuit per domain, reporting to prom-client's default registry. */
export function gatewayCaller(rpc: Caller, settings: CircuitSettings, requestTimeoutMs: number, logger: Logger): CircuitBreakingCaller {
  return new CircuitBreakingCaller({ caller: rpc, topics: requestTopicDomains(), settings, requestTimeoutMs, logger, metrics: circuitMetrics() });
}
