import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { DOMAIN_MANIFESTS } from '@puchi/domains';
import { consumerGroup, reactionGroup, type KafkaInstrumentation, type Logger } from '@puchi/kafka';
import { ensureDefaultMetrics, kafkaMetrics, reactionSources, type SharedReads } from '@puchi/subgraph-kit';
import { trackBrokerGauges, type WithAdmin } from './broker-gauges';
import { graphqlMetricsPlugin } from './graphql-plugin';
import { trackLiveGauges, type LiveSource } from './live-gauges';
import { metricsRoute } from './route';
import { trackSharedReadGauges } from './shared-read-gauges';

export { BROKER_METRICS } from './broker-gauges';
export { GRAPHQL_METRICS } from './graphql-plugin';
export { LIVE_METRICS } from './live-gauges';
export { SHARED_READ_METRICS } from './shared-read-gauges';

/** Every consumer group of the domain services: each domain's service group and one per domain it reacts to. */
export function serviceGroups(): string[] {
  return DOMAIN_MANIFESTS.flatMap((m) => [consumerGroup(m.name), ...reactionSources(m.service).map((from) => reactionGroup(m.name, from))]);
}

export interface GatewayMetrics {
  /** For the gateway's `RpcClient`: request round trips and in-flight requests per topic. */
  instrumentation: KafkaInstrumentation;
  plugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext>;
  /** The `/metrics` page handler. */
  route: ReturnType<typeof metricsRoute>;
  /** Starts reading a running gateway's subscriptions and its admin connection at scrape time. */
  track(live: LiveSource, withAdmin: WithAdmin, reads?: SharedReads): void;
  /** Stops reading this gateway's state (other gateways of the process keep theirs). */
  close(): void;
}

/**
 * A gateway's metrics on prom-client's global registry (docs/operations.md): GraphQL operations, its Kafka
 * requests, WebSocket connections and subscriptions, consumer lag and dead-letter topics, Node's defaults.
 */
export function gatewayMetrics(logger: Logger): GatewayMetrics {
  ensureDefaultMetrics();
  const untrack: (() => void)[] = [];
  return {
    instrumentation: kafkaMetrics(),
    plugin: () => graphqlMetricsPlugin(),
    route: metricsRoute(logger),
    track: (live, withAdmin, reads) => {
      untrack.push(trackLiveGauges(live), trackBrokerGauges({ withAdmin, groups: serviceGroups(), logger }));
      if (reads) untrack.push(trackSharedReadGauges(reads));
    },
    close: () => {
      for (const stop of untrack.splice(0)) stop();
    },
  };
}
