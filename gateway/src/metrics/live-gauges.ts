import { gauge } from '@puchi/subgraph-kit';

export const LIVE_METRICS = {
  wsConnections: 'puchi_ws_connections',
  subscriptions: 'puchi_subscriptions_active',
  subscriptionGroups: 'puchi_subscription_groups',
  feeds: 'puchi_subscription_feeds',
} as const;

/** What a running gateway tells the gauges at each scrape (`RunningSubscriptions` has it). */
export interface LiveSource {
  connections(): number;
  hub: { subscriberCount: number; groupCount: number };
  feeds: { topics: readonly string[] };
}

const sources = new Set<LiveSource>();

/**
 * Open WebSocket connections, live subscribers, distinct subscription groups (one execution per event each) and
 * topic consumers, summed over the gateways of this process, read at scrape time (nothing on the hot path).
 * Returns the function that stops counting `source`.
 */
export function trackLiveGauges(source: LiveSource): () => void {
  const sum = (read: (s: LiveSource) => number) => {
    let n = 0;
    for (const s of sources) n += read(s);
    return n;
  };
  gauge({ name: LIVE_METRICS.wsConnections, help: 'Open graphql-ws WebSocket connections.', collect() { this.set(sum((s) => s.connections())); } });
  gauge({ name: LIVE_METRICS.subscriptions, help: 'Live GraphQL subscriptions (replays not counted).', collect() { this.set(sum((s) => s.hub.subscriberCount)); } });
  gauge({ name: LIVE_METRICS.subscriptionGroups, help: 'Distinct live subscriptions (same operation, variables and caller share one execution per event).', collect() { this.set(sum((s) => s.hub.groupCount)); } });
  gauge({ name: LIVE_METRICS.feeds, help: 'Event topics this gateway consumes for its subscribers (one fan-out consumer each).', collect() { this.set(sum((s) => s.feeds.topics.length)); } });
  sources.add(source);
  return () => sources.delete(source);
}
