import { BadUserInputError, requireRole, type SubscriptionField } from '@puchi/subgraph-kit';
import { ANALYTICS_ROLES } from './contracts';

/** A value of the SDL's `EventTopic` enum: a domain's name in upper case (GraphQL has validated it). */
type TopicName = string;

export interface EventsArgs {
  topics: TopicName[];
  filter?: { types?: string[] | null; userId?: string | null; lessonId?: string | null } | null;
  from?: { timestamp?: string | null; offsets?: { topic: TopicName; partition: number; offset: string }[] | null } | null;
}

const domainOf = (topic: TopicName) => topic.toLowerCase();
const field = (payload: unknown, name: string): string | undefined => {
  const value = payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
};

/**
 * `events(topics, filter, from)`: the analysts' feed of domain events, filtered on the server, optionally replayed.
 * Payloads as each domain's `analystViews` show them (raw for admins): `select` and its filters see only those.
 * No `routeKey`: `filter.userId` reads the payload, and a subject is a user on some topics only (a lesson on lesson-events).
 */
export const events: SubscriptionField<EventsArgs> = {
  exposesPayloads: true,
  topics: ({ topics }) => [...new Set(topics.map(domainOf))],
  authorize({ topics, from }, identity) {
    requireRole(identity, ANALYTICS_ROLES);
    if (topics.length === 0) throw new BadUserInputError('topics', 'name at least one topic');
    if (from?.timestamp && Number.isNaN(Date.parse(from.timestamp))) throw new BadUserInputError('from.timestamp', 'is not an ISO-8601 date-time');
    if (from?.timestamp && from.offsets) throw new BadUserInputError('from', 'give a timestamp or offsets, not both');
    for (const [i, o] of (from?.offsets ?? []).entries()) {
      if (!topics.includes(o.topic)) throw new BadUserInputError(`from.offsets.${i}.topic`, 'is not one of the followed topics');
      if (!/^\d{1,19}$/.test(o.offset)) throw new BadUserInputError(`from.offsets.${i}.offset`, 'must be a non-negative integer');
    }
  },
  select(event, { filter }, _identity, position) {
    const userId = field(event.payload, 'userId');
    const lessonId = field(event.payload, 'lessonId');
    if (filter?.types?.length && !filter.types.includes(event.type)) return undefined;
    if (filter?.userId && filter.userId !== userId) return undefined;
    if (filter?.lessonId && filter.lessonId !== lessonId) return undefined;
    return { ...event, ...position, user: userId ? { id: userId } : null, lesson: lessonId ? { id: lessonId } : null };
  },
  from({ from }) {
    if (from?.timestamp) return { timestamp: Date.parse(from.timestamp) };
    if (from?.offsets?.length) return { offsets: from.offsets.map((o) => ({ topic: `${domainOf(o.topic)}-events`, partition: o.partition, offset: o.offset })) };
    return undefined;
  },
};
