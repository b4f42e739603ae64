import type http from 'node:http';
import { type KafkaInstrumentation, type Logger, type MessageBus } from '@puchi/kafka';
import { createSubgraphContext, type Caller, type IdentityTokenFor, type SharedReads } from '@puchi/subgraph-kit';
import { loadSupergraphSdl } from '@puchi/schema';
import type { Authenticator } from '../auth';
import { clientIp } from '../client-ip';
import type { GatewayConfig } from '../config';
import type { Subgraphs } from '../supergraph';
import { EventExecutor } from './executor';
import { SubscriptionHub } from './hub';
import { SubscriptionPlanner } from './planner';
import { eventRedactor } from './redaction';
import { TopicFeeds } from './topic-feeds';
import { attachSubscriptionServer } from './ws';

export { CLOSE_CODES } from './ws';

export interface RunningSubscriptions {
  hub: SubscriptionHub;
  feeds: TopicFeeds;
  /** Open WebSocket connections (metrics read it). */
  connections(): number;
  /** Completes every subscriber, closes the sockets, then the Kafka consumers. */
  close(): Promise<void>;
}

/** Federated subscriptions from Kafka event topics, served with graphql-ws on the gateway's `/graphql`. */
export function startSubscriptions(deps: {
  server: http.Server;
  subgraphs: Subgraphs;
  bus: MessageBus;
  /** What each event's fetches call the domains through (the gateway's, with its circuits). */
  caller: Caller;
  /** The gateway's shared reads (single-flight, entity cache): events of many subscribers ask for the same entities. */
  reads?: SharedReads;
  auth: Authenticator;
  config: GatewayConfig;
  logger: Logger;
  /** The gateway's identity tokens, so each event's fetches speak for its subscriber. */
  identityTokens: IdentityTokenFor;
  /** Metrics hooks for the topic feeds' consumers. Default none. */
  instrumentation?: KafkaInstrumentation;
}): RunningSubscriptions {
  const logger = deps.logger.child({ component: 'subscriptions' });
  const planner = new SubscriptionPlanner(loadSupergraphSdl(), deps.config.limits, deps.config.subscriptions.planCacheSize);
  const executor = new EventExecutor({ dataSources: deps.subgraphs.dataSources, schemas: deps.subgraphs.schemas, supergraphSchema: planner.supergraphSchema, apiSchema: planner.api, logger });
  const feeds = new TopicFeeds(deps.bus, logger, deps.instrumentation);
  const hub = new SubscriptionHub({
    feeds,
    executor,
    bus: deps.bus,
    logger,
    redact: eventRedactor(deps.subgraphs.modules.values()),
    delivery: { maxBuffered: deps.config.subscriptions.maxBuffered, maxLagMs: deps.config.subscriptions.maxLagMs },
    replayWindowMs: deps.config.subscriptions.replayWindowMs,
    contextFor: (identity, authorization) =>
      Object.assign(createSubgraphContext({ caller: deps.caller, reads: deps.reads, identity, identityTokens: deps.identityTokens, timeoutMs: deps.config.requestTimeoutMs, hedgeAfterMs: deps.config.readHedgeAfterMs }), { authorization }),
  });
  const ws = attachSubscriptionServer({ server: deps.server, planner, hub, auth: deps.auth, subgraphs: deps.subgraphs, limits: deps.config.subscriptions, maxTokens: deps.config.limits.maxTokens, production: deps.config.production, clientIp: (req) => clientIp(req, deps.config.trustProxy), logger });
  return {
    hub,
    feeds,
    connections: () => ws.connections(),
    close: async () => {
      await ws.close();
      await hub.close();
      await feeds.close();
    },
  };
}
