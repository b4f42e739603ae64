import type { EventContext, EventEnvelope } from '@puchi/kafka';

export type FeedListener = (event: EventEnvelope, context: EventContext) => void;

/**
 * The listeners of one topic, by the event subject each wants (`SubscriptionField.routeKey`), plus those that want
 * every event. An event costs one map lookup and the unkeyed listeners, however many keyed ones there are: with
 * 10,000 learners each following their own progress, asking every listener about every event was 2 million calls
 * a second for 200 events and held the gateway's one thread (issue 14, item 5).
 *
 * A route only narrows: the listener's own filter (`select`) still runs on each event routed to it, so a key that
 * is wrong can make a subscriber miss events, never receive another's.
 */
export class EventRoutes {
  private readonly unkeyed = new Set<FeedListener>();
  private readonly keyed = new Map<string, Set<FeedListener>>();
  private count = 0;

  /** `key` undefined: every event; otherwise only events whose `subject` is `key`. */
  add(listener: FeedListener, key: string | undefined): void {
    let set = this.unkeyed;
    if (key !== undefined) {
      set = this.keyed.get(key) ?? new Set();
      this.keyed.set(key, set);
    }
    if (set.has(listener)) return;
    set.add(listener);
    this.count++;
  }

  remove(listener: FeedListener, key: string | undefined): void {
    const set = key === undefined ? this.unkeyed : this.keyed.get(key);
    if (!set?.delete(listener)) return;
    this.count--;
    if (key !== undefined && set.size === 0) this.keyed.delete(key);
  }

  /** Listeners of every key. */
  get size(): number {
    return this.count;
  }

  dispatch(event: EventEnvelope, context: EventContext): void {
    for (const listener of this.unkeyed) listener(event, context);
    const routed = this.keyed.get(event.subject);
    if (routed) for (const listener of routed) listener(event, context);
  }
}
