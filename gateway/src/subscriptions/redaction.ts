import { eventTopic, type EventEnvelope, type Identity } from '@puchi/kafka';
import { ROLES, viewPayload, type EventViews, type SubgraphModule } from '@puchi/subgraph-kit';

/** An event as one caller may see it on a field that `exposesPayloads`. */
export type EventRedactor = (event: EventEnvelope, topic: string, identity: Identity | undefined) => EventEnvelope;

/**
 * Admins see events raw. Everyone else sees the payload as the domain that owns the topic shows it to analysts
 * (its manifest's `analystViews`); a type it does not declare, or one published on a topic no module owns, shows `{}`.
 * The rules are the domains'; the gateway only picks by role.
 */
export function eventRedactor(modules: Iterable<SubgraphModule>): EventRedactor {
  const views = new Map<string, EventViews>(Array.from(modules, (m) => [eventTopic(m.name), m.analystViews ?? {}]));
  // The non-admin view depends on the event and its topic only: a feed hands one event object to every group, so
  // each event is redacted once however many analysts' groups read it. Weak: gone with the event.
  const shown = new WeakMap<EventEnvelope, { topic: string; event: EventEnvelope }>();
  return (event, topic, identity) => {
    if (identity?.roles.includes(ROLES.admin)) return event;
    const known = shown.get(event);
    if (known?.topic === topic) return known.event;
    const domainViews = views.get(topic);
    const view = domainViews && Object.hasOwn(domainViews, event.type) ? domainViews[event.type] : undefined;
    const redacted = { ...event, payload: viewPayload(event.payload, view) };
    shown.set(event, { topic, event: redacted });
    return redacted;
  };
}
