import type { EventEnvelope, Identity } from '@puchi/kafka';
import type { SubgraphModule } from '@puchi/subgraph-kit';
import { parse } from 'graphql';
import { eventRedactor } from './redaction';

const cards: SubgraphModule = {
  name: 'cards',
  typeDefs: parse('type Query { x: Int }'),
  resolvers: {},
  analystViews: { 'card.added': { show: ['cardId'] } },
};
const redact = eventRedactor([cards]);
const analyst: Identity = { userId: 'analyst-ida', roles: ['analyst'] };
const admin: Identity = { userId: 'admin-max', roles: ['admin'] };
const event = (type: string, payload: unknown): EventEnvelope => ({ id: 'e1', type, occurredAt: '2025-01-01T00:00:00Z', source: 'cards-service', subject: 's', schemaVersion: 1, payload });

describe('the events feed’s redaction', () => {
  it('shows an analyst the payload as the owning domain’s view shows it, and an admin the raw event', () => {
    const added = event('card.added', { cardId: 'c1', owner: 'ana@example.com' });
    expect(redact(added, 'cards-events', analyst)).toEqual({ ...added, payload: { cardId: 'c1' } });
    expect(redact(added, 'cards-events', admin)).toBe(added);
  });

  it('shows an analyst an empty payload for a type its domain does not declare: never raw', () => {
    const undeclared = event('card.secret', { cardId: 'c1', pin: '1234' });
    expect(redact(undeclared, 'cards-events', analyst)).toEqual({ ...undeclared, payload: {} });
    expect(redact(event('constructor', { pin: '1234' }), 'cards-events', analyst).payload).toEqual({});
  });

  it('redacts an event once for every analyst who reads it, and never serves that view to another topic', () => {
    const added = event('card.added', { cardId: 'c1', owner: 'ana@example.com' });
    const other: Identity = { userId: 'analyst-joe', roles: ['analyst'] };
    expect(redact(added, 'cards-events', other)).toBe(redact(added, 'cards-events', analyst));
    expect(redact(added, 'other-events', analyst).payload).toEqual({});
  });

  it('looks the view up by the topic’s domain: a declared type on a topic no module owns shows nothing', () => {
    expect(redact(event('card.added', { cardId: 'c1' }), 'other-events', analyst).payload).toEqual({});
  });
});
