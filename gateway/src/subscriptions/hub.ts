import { subscribe, type EventContext, type EventEnvelope, type Identity, type Logger, type MessageBus, type PartitionOffset, type Subscription } from '@puchi/kafka';
import { BadUserInputError, isKitEvent, type SubscriptionField } from '@puchi/subgraph-kit';
import type { GatewayContext } from '../context';
import { Delivery, type DeliveryLimits } from './delivery';
import type { EventExecutor } from './executor';
import type { PlannedSubscription } from './planner';
import type { EventRedactor } from './redaction';
import { REPLAY_PACE, ReplayPacer, type PaceMarks } from './replay-pacer';
import type { TopicFeeds } from './topic-feeds';

export interface HubOptions {
  feeds: TopicFeeds;
  executor: EventExecutor;
  bus: MessageBus;
  /** The context each event's execution runs with (fresh DataLoaders per event, the subscriber's identity). */
  contextFor(identity: Identity | undefined, authorization: string | undefined): GatewayContext;
  /** What a caller may see of an event on a field that `exposesPayloads` (see `eventRedactor`). */
  redact: EventRedactor;
  /** When a subscriber counts as too slow (see `Delivery`). */
  delivery: DeliveryLimits;
  /** How far back a replay may start, ms. */
  replayWindowMs: number;
  /** When a replay's consumers pause for its subscriber and resume (see `ReplayPacer`). Default `REPLAY_PACE`. */
  replayPace?: PaceMarks;
  logger: Logger;
}

export interface OpenRequest {
  planned: PlannedSubscription;
  field: SubscriptionField;
  identity: Identity | undefined;
  authorization: string | undefined;
  variables: Record<string, unknown>;
  /** Same key ⇒ same results: operation, variables and authorization scope. */
  key: string;
  onOverflow(buffered: number): void;
}

/** Subscribers whose results are identical, fed by one execution per event. */
interface Group {
  deliveries: Set<Delivery>;
  chain: Promise<void>;
  stop: () => void;
}

const domainTopic = (domain: string) => `${domain}-events`;

/**
 * Matches events to subscribers. Live subscriptions with the same operation, variables and authorization scope
 * share a group: each event is filtered once (`select`), executed once, and the result delivered to all of
 * them. A group whose field declares a `routeKey` listens to its topics' events of that subject only (see
 * `EventRoutes`), so an event reaches the filters of its own subscribers, not every group's. A subscriber that
 * falls behind is cut off (see `Delivery`), since the feed is shared. A replay (`from`) gets its own consumers that
 * read history in partition order and then continue live on the same consumers, so there is no gap and no
 * duplicate at the switch; they are its own, so they pause while its subscriber is behind (see `ReplayPacer`) and a
 * history of any length arrives at the client's pace.
 */
export class SubscriptionHub {
  private readonly groups = new Map<string, Group>();
  /** Replay consumers whose subscriber left, still closing: `close()` waits for them. */
  private readonly closingReplays = new Set<Promise<unknown>>();
  /** Event executions so far, however many subscribers shared each (tests assert the sharing with it). */
  executions = 0;
  /** Times a replay's consumers paused for a subscriber that was behind (tests and the status page read it). */
  replayPauses = 0;

  constructor(private readonly options: HubOptions) {}

  async open(request: OpenRequest): Promise<Delivery> {
    const from = request.field.from?.(request.planned.args);
    if (from) return this.openReplay(request, from);
    let group = this.groups.get(request.key);
    if (!group) group = await this.startGroup(request);
    const current = group;
    const delivery = new Delivery(this.options.delivery, request.onOverflow, () => {
      current.deliveries.delete(delivery);
      if (current.deliveries.size === 0 && this.groups.get(request.key) === current) {
        this.groups.delete(request.key);
        current.stop();
      }
    });
    group.deliveries.add(delivery);
    return delivery;
  }

  /** Live groups (tests and the status page read it). */
  get groupCount(): number {
    return this.groups.size;
  }

  /** Live subscribers across groups (replays not counted). */
  get subscriberCount(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.deliveries.size;
    return n;
  }

  private async startGroup(request: OpenRequest): Promise<Group> {
    const group: Group = { deliveries: new Set(), chain: Promise.resolve(), stop: () => undefined };
    this.groups.set(request.key, group);
    const onEvent = this.eventHandler(request, (result) => group.deliveries.forEach((d) => d.push(result)), group);
    // Same key ⇒ same arguments and identity, so every subscriber of the group has this route.
    const route = request.field.routeKey?.(request.planned.args, request.identity);
    try {
      const stops = await Promise.all(request.field.topics(request.planned.args).map((d) => this.options.feeds.listen(domainTopic(d), onEvent, route)));
      group.stop = () => stops.forEach((stop) => stop());
    } catch (error) {
      this.groups.delete(request.key);
      throw error;
    }
    return group;
  }

  private async openReplay(request: OpenRequest, from: NonNullable<ReturnType<NonNullable<SubscriptionField['from']>>>): Promise<Delivery> {
    const topics = request.field.topics(request.planned.args).map(domainTopic);
    const windowStart = Date.now() - this.options.replayWindowMs;
    if ('timestamp' in from && from.timestamp < windowStart) {
      throw new BadUserInputError('from.timestamp', `must be within the replay window (${new Date(windowStart).toISOString()} or later)`);
    }
    const positions = new Map<string, PartitionOffset[] | { timestamp: number }>();
    if ('timestamp' in from) {
      for (const topic of topics) positions.set(topic, { timestamp: from.timestamp });
    } else {
      const admin = await this.options.bus.admin();
      try {
        for (const topic of topics) {
          const earliest = new Map((await admin.offsetsForTimestamp(topic, windowStart)).map((p) => [p.partition, BigInt(p.offset)]));
          const wanted = from.offsets.filter((o) => o.topic === topic);
          for (const o of wanted) {
            if (BigInt(o.offset) < (earliest.get(o.partition) ?? 0n)) throw new BadUserInputError('from.offsets', `${topic}[${o.partition}]@${o.offset} is older than the replay window`);
          }
          positions.set(topic, wanted.map((o) => ({ partition: o.partition, offset: o.offset })));
        }
      } finally {
        await admin.disconnect();
      }
    }
    const group: Group = { deliveries: new Set(), chain: Promise.resolve(), stop: () => undefined };
    const subscriptions: Subscription[] = [];
    const pacer = new ReplayPacer(this.options.replayPace ?? REPLAY_PACE, {
      pause: () => {
        this.replayPauses++;
        subscriptions.forEach((s) => s.pause());
      },
      resume: () => subscriptions.forEach((s) => s.resume()),
    });
    const delivery = new Delivery(
      this.options.delivery,
      request.onOverflow,
      () => {
        const closed = Promise.allSettled(subscriptions.map((s) => s.close()));
        this.closingReplays.add(closed);
        void closed.finally(() => this.closingReplays.delete(closed));
      },
      pacer,
    );
    const filter = this.eventHandler(request, (result) => delivery.push(result), group, pacer);
    // Its consumers are its own: what the shared feeds do once per event (`TopicFeeds`) happens here.
    const route = request.field.routeKey?.(request.planned.args, request.identity);
    const onEvent = (event: EventEnvelope, context: EventContext) => {
      if (isKitEvent(event.type) || (route !== undefined && event.subject !== route)) return;
      filter(event, context);
    };
    for (const topic of topics) {
      const position = positions.get(topic)!;
      const subscription = await subscribe({
        bus: this.options.bus,
        topic,
        mode: 'fanout',
        groupId: `gateway.replay.${topic}`,
        from: Array.isArray(position) ? { offsets: position } : position,
        partitionsConcurrently: 1,
        logger: this.options.logger,
        handler: onEvent,
      });
      subscriptions.push(subscription);
      // The topics read before this one may already have filled the subscriber.
      if (pacer.paused) subscription.pause();
    }
    return delivery;
  }

  /**
   * Filters an event for one subscription, then executes it in order after the group's previous event; `pacer` counts
   * what a replay has outstanding. Gets domain events only (no kit records), of the group's route when it has one:
   * `select` stays the authority on what the subscriber gets, so a wrong route can only drop events, never leak them.
   */
  private eventHandler(request: OpenRequest, deliver: (result: Awaited<ReturnType<EventExecutor['execute']>>) => void, group: Group, pacer?: ReplayPacer) {
    const { planned, field, identity, variables } = request;
    return (event: EventEnvelope, context: EventContext) => {
      let root: unknown;
      try {
        // Redacted before `select`, so a filter on a hidden field cannot reveal it; a mask that throws drops the event.
        const shown = field.exposesPayloads ? this.options.redact(event, context.topic, identity) : event;
        root = field.select(shown, planned.args, identity, { topic: context.topic, partition: context.partition, offset: context.offset });
      } catch (error) {
        this.options.logger.warn('subscription filter failed', { field: planned.fieldName, eventId: event.id, error });
        return;
      }
      if (root === undefined) return;
      // Counted now, not once executed: the consumer must pause before it queues more executions, not after.
      pacer?.accepted();
      group.chain = group.chain
        .then(async () => {
          this.executions++;
          deliver(await this.options.executor.execute(planned, root, this.options.contextFor(identity, request.authorization), variables));
        })
        .catch((error: unknown) => {
          pacer?.dropped();
          this.options.logger.error('subscription event execution failed', { field: planned.fieldName, eventId: event.id, error });
        });
    };
  }

  /** Ends every subscriber; resolves once the replay consumers they held are closed. */
  async close(): Promise<void> {
    for (const group of this.groups.values()) {
      for (const d of group.deliveries) void d.return();
      group.stop();
    }
    this.groups.clear();
    await Promise.allSettled([...this.closingReplays]);
  }
}
