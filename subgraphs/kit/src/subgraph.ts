import type { EventEnvelope, Identity } from '@puchi/kafka';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import type { SubgraphContext } from './context';
import type { EventViews } from './event-views';

/** What each domain package exports for the gateway (in-process) and its standalone HTTP subgraph server. */
export interface SubgraphModule {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext>;
  /** The sources of the subgraph's `Subscription` fields, by field name. */
  subscriptions?: Record<string, SubscriptionField>;
  /** What an analyst sees of each of the domain's event types on a field that `exposesPayloads` (its manifest's `analystViews`). */
  analystViews?: EventViews;
}

/** Where an event sits in its topic; the `events` feed shows it. */
export interface EventPosition {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * How a subscription field of the subgraph is fed from Kafka: the gateway keeps one consumer per topic, hands
 * each event to the distinct subscriptions its `routeKey` routes it to (every one, for a field without a key),
 * filters it through their `select` before executing anything, and resolves the rest of the selection (other
 * subgraphs' fields) through the query plan.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface SubscriptionField<TArgs = any> {
  /** The domains whose `<domain>-events` feed the field. */
  topics(args: TArgs): string[];
  /** Refuses a subscriber: throw `UnauthenticatedError`, `ForbiddenError` or `BadUserInputError`. */
  authorize(args: TArgs, identity: Identity | undefined): void;
  /**
   * Whether the field hands event payloads out as they are (`events`). Then, for a caller without the admin role,
   * the gateway gives `select` each event with its payload as the publishing domain's `analystViews` show it
   * (empty for a type the domain does not declare), so filters and the value see only what the caller may.
   * Default false: the field's own `authorize`, `select` and resolvers decide what each caller sees.
   * Keep it on for such a field: without it analysts get raw emails, scores and answer keys.
   */
  exposesPayloads?: boolean;
  /**
   * The `subject` of the only events the subscription may want (the record key: the entity the event is about), or
   * undefined for every event of its topics. With 10,000 learners each on their own `progressUpdated`, asking each
   * subscription's `select` about each event cost 2 million calls a second for 200 events (issue 14); with a key the
   * gateway looks each event's subscriptions up by its subject. Declare it for a per-entity field whose events carry
   * that entity as their subject on every topic the field reads; `select` still decides on the routed events.
   * Default: no key.
   */
  routeKey?(args: TArgs, identity: Identity | undefined): string | undefined;
  /** The field's value for one event (shaped as the subgraph's resolvers return it), or undefined to skip the event. */
  select(event: EventEnvelope, args: TArgs, identity: Identity | undefined, position: EventPosition): unknown;
  /** Where the feed starts when not live (replay): a time or offsets per topic and partition. */
  from?(args: TArgs): { timestamp: number } | { offsets: (EventPosition & { topic: string })[] } | undefined;
}
