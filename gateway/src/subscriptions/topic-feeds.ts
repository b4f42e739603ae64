import { subscribe, type KafkaInstrumentation, type Logger, type MessageBus, type Subscription } from '@puchi/kafka';
import { isKitEvent } from '@puchi/subgraph-kit';
import { EventRoutes, type FeedListener } from './event-routes';

export type { FeedListener } from './event-routes';

interface Feed {
  routes: EventRoutes;
  ready: Promise<Subscription>;
}

/**
 * One Kafka consumer per topic per gateway instance, shared by every live subscriber of that topic: a fan-out
 * subscription (its own consumer group, so each gateway instance sees every event) from the end of the topic,
 * started with the first listener and closed with the last. Each event goes only to the listeners its subject
 * routes it to, and to those without a key (`EventRoutes`); what does not depend on the listener is done here,
 * once per event.
 */
export class TopicFeeds {
  private readonly feeds = new Map<string, Feed>();
  /** Feeds whose last listener left, still closing: `close()` waits for them too. */
  private readonly closing = new Set<Promise<void>>();

  constructor(
    private readonly bus: MessageBus,
    private readonly logger: Logger,
    /** Metrics hooks of the feeds' consumers (events consumed per topic). Default none. */
    private readonly instrumentation?: KafkaInstrumentation,
  ) {}

  /**
   * Resolves once the topic's consumer is positioned: every event published afterwards reaches `listener`, or with
   * `key` every such event whose `subject` is `key`. The kit's bookkeeping records are no domain event and reach no one.
   */
  async listen(topic: string, listener: FeedListener, key?: string): Promise<() => void> {
    let feed = this.feeds.get(topic);
    if (!feed) {
      const routes = new EventRoutes();
      const ready = subscribe({
        bus: this.bus,
        topic,
        mode: 'fanout',
        groupId: `gateway.${topic}`,
        from: 'latest',
        logger: this.logger,
        instrumentation: this.instrumentation,
        // One partition at a time keeps each partition's events in order for every listener.
        partitionsConcurrently: 1,
        handler: (event, context) => {
          // The replies of idempotent writes, checked once here rather than by each listener.
          if (isKitEvent(event.type)) return;
          routes.dispatch(event, context);
        },
      });
      feed = { routes, ready };
      this.feeds.set(topic, feed);
      ready.catch(() => this.feeds.delete(topic));
    }
    feed.routes.add(listener, key);
    await feed.ready;
    return () => {
      const current = this.feeds.get(topic);
      if (!current) return;
      current.routes.remove(listener, key);
      if (current.routes.size > 0) return;
      this.feeds.delete(topic);
      const closed = current.ready.then((s) => s.close()).catch((error: unknown) => this.logger.warn('feed did not close cleanly', { topic, error }));
      this.closing.add(closed);
      void closed.finally(() => this.closing.delete(closed));
    };
  }

  /** Topics with a running consumer (tests and the status page read it). */
  get topics(): string[] {
    return [...this.feeds.keys()];
  }

  async close(): Promise<void> {
    const feeds = [...this.feeds.values()];
    this.feeds.clear();
    await Promise.allSettled([...feeds.map((f) => f.ready.then((s) => s.close())), ...this.closing]);
  }
}
