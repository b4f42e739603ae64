import { z } from 'zod';
import { defineDomain } from './manifest';
import { projection } from './projections';
import type { DomainServiceDefinition } from './definition';

const CardAdded = z.object({ cardId: z.string() });
const StreakGrew = z.object({ days: z.number() });

const cardsService: DomainServiceDefinition = {
  domain: 'cards',
  migrations: [],
  projections: { 'card.added': projection(CardAdded, () => undefined) },
  handlers: () => [],
};

const define = (events?: Record<string, z.ZodType>) => defineDomain({ name: 'cards', contracts: {}, packageDir: __dirname, resolvers: {}, service: cardsService, events });

describe('a domain manifest’s events', () => {
  it('lists the types its service projects, then the ones it publishes without projecting, each with its payload schema', () => {
    expect(define({ 'card.streak-grew': StreakGrew }).events).toEqual({ 'card.added': CardAdded, 'card.streak-grew': StreakGrew });
    expect(define().events).toEqual({ 'card.added': CardAdded });
  });

  it('refuses a projected type listed again: its schema is the projection’s', () => {
    expect(() => define({ 'card.added': z.object({}) })).toThrow('domain cards: events lists card.added, which its service projects');
  });
});
