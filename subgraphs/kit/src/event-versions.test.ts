import { envelope, isRetriable, type EventEnvelope } from '@puchi/kafka';
import { z } from 'zod';
import { InvalidEventError } from './errors';
import { previousVersion, readEventPayload, versionedEvent } from './event-versions';
import { defineDomain } from './manifest';
import { applyEvent, checkEvent, projection, type Projections } from './projections';
import { reactionSources } from './reaction-sources';
import type { DomainServiceDefinition } from './definition';
import { openStore, type Db } from './store';

// A fixture domain whose `card.added` is at version 2: version 1 had one `text` and no box.
const CardAddedV1 = z.object({ cardId: z.string(), text: z.string() });
const CardAdded = z.object({ cardId: z.string(), front: z.string().min(1), back: z.string(), box: z.number().int().min(1) });

const cardAdded = versionedEvent(CardAdded, {
  version: 2,
  previousVersions: {
    1: previousVersion(CardAddedV1, (old) => {
      const [front = old.text, back = ''] = old.text.split(' = ');
      return { cardId: old.cardId, front, back, box: 1 };
    }),
  },
});

const projections: Projections = {
  'card.added': projection(cardAdded, (db, card) => db.prepare('INSERT INTO cards (id, front, back, box) VALUES (?, ?, ?, ?)').run(card.cardId, card.front, card.back, card.box)),
};

const openCards = (): Db => openStore(':memory:', ['CREATE TABLE cards (id TEXT PRIMARY KEY, front TEXT NOT NULL, back TEXT NOT NULL, box INTEGER NOT NULL)']);
const cards = (db: Db) => db.prepare('SELECT * FROM cards ORDER BY id').all();
const event = (schemaVersion: number, payload: unknown): EventEnvelope => envelope({ type: 'card.added', subject: 'c1', payload, schemaVersion }, 'cards-service');

const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('an event type whose schemaVersion was raised', () => {
  it('still projects an event of the old version, upgraded to the current one', () => {
    const db = openCards();
    expect(applyEvent(projections, db, event(1, { cardId: 'c1', text: 'hola = hello' }))).toBe(true);
    expect(applyEvent(projections, db, event(2, { cardId: 'c2', front: 'adiós', back: 'bye', box: 3 }))).toBe(true);
    expect(cards(db)).toEqual([
      { id: 'c1', front: 'hola', back: 'hello', box: 1 },
      { id: 'c2', front: 'adiós', back: 'bye', box: 3 },
    ]);
  });

  it('reads each version with its own schema: an old payload is not taken for a new one, nor the reverse', () => {
    expect(() => readEventPayload(cardAdded, event(2, { cardId: 'c1', text: 'hola' }))).toThrow(/: card\.added \(schemaVersion 2\) front: /);
    expect(() => readEventPayload(cardAdded, event(1, { cardId: 'c1', front: 'hola', back: 'hello', box: 1 }))).toThrow(/: card\.added \(schemaVersion 1\) text: /);
  });

  it('refuses, without retrying, a version newer than it reads and an older one it has no reader for', () => {
    const newer = thrownBy(() => readEventPayload(cardAdded, event(3, {})));
    expect(newer).toBeInstanceOf(InvalidEventError);
    expect(isRetriable(newer)).toBe(false);
    expect((newer as Error).message).toMatch(/schemaVersion 3, newer than the 2 this service reads/);
    const dropped = versionedEvent(CardAdded, { version: 3, previousVersions: { 2: previousVersion(CardAdded, (v2) => v2) } });
    expect(() => readEventPayload(dropped, event(1, { cardId: 'c1', text: 'hola' }))).toThrow(/schemaVersion 1, which this service no longer reads \(it reads 3, 2\)/);
  });

  it('is emitted at its current version only', () => {
    const current = { cardId: 'c1', front: 'hola', back: 'hello', box: 1 };
    expect(() => checkEvent(projections, { type: 'card.added', payload: current, schemaVersion: 2 })).not.toThrow();
    expect(() => checkEvent(projections, { type: 'card.added', payload: current })).toThrow('card.added is published at schemaVersion 2, not 1: emit it with schemaVersion 2');
    expect(() => checkEvent(projections, { type: 'card.added', payload: { cardId: 'c1', text: 'hola' }, schemaVersion: 1 })).toThrow(InvalidEventError);
  });

  it('is refused when its versions make no sense', () => {
    expect(() => versionedEvent(CardAdded, { version: 1, previousVersions: {} })).toThrow(/at least 2/);
    expect(() => versionedEvent(CardAdded, { version: 2, previousVersions: { 2: previousVersion(CardAdded, (v) => v) } })).toThrow(/from 1 to 1, got 2/);
  });

  it('is listed in the manifest with its version and the readers of the older ones, next to types still at version 1', () => {
    const StreakGrew = z.object({ days: z.number() });
    const service: DomainServiceDefinition = { domain: 'cards', migrations: [], projections, handlers: () => [] };
    const manifest = defineDomain({ name: 'cards', contracts: {}, packageDir: __dirname, resolvers: {}, service, events: { 'card.streak-grew': StreakGrew } });
    expect(manifest.events).toEqual({ 'card.added': CardAdded, 'card.streak-grew': StreakGrew });
    expect(manifest.eventVersions['card.added']?.version).toBe(2);
    expect(manifest.eventVersions['card.added']?.previousVersions[1]?.schema).toBe(CardAddedV1);
    expect(manifest.eventVersions['card.streak-grew']).toEqual({ version: 1, previousVersions: {} });
  });
});

describe('reactionSources', () => {
  const base: DomainServiceDefinition = { domain: 'cards', migrations: [], projections: {}, handlers: () => [] };

  it('names the domains a service reacts to, once each, without starting it', () => {
    const service: DomainServiceDefinition = {
      ...base,
      reactions: ({ db, emit }) => [
        { from: 'user', handle: async () => void (await emit({ type: 'x', subject: 's', payload: db.name })) },
        { from: 'lesson', handle: () => undefined },
        { from: 'user', handle: () => undefined },
      ],
    };
    expect(reactionSources(service)).toEqual(['user', 'lesson']);
    expect(reactionSources(base)).toEqual([]);
  });

  it('refuses reactions that use the runtime while being built', () => {
    const eager: DomainServiceDefinition = {
      ...base,
      reactions: ({ db }) => {
        const statement = db.prepare('SELECT 1');
        return [{ from: 'user', handle: () => void statement.run() }];
      },
    };
    expect(() => reactionSources(eager)).toThrow(/must not use its runtime \(db\.prepare\)/);
  });
});
