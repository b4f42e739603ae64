import { envelope, isRetriable, type EventEnvelope } from '@puchi/kafka';
import { z } from 'zod';
import { InvalidEventError } from './errors';
import { applyEvent, checkEvent, projectEvent, projection, projectedEventSchemas, type Projections } from './projections';
import { openStore, type Db } from './store';

const CardAdded = z.object({ cardId: z.string(), front: z.string().min(1), box: z.number().int().min(1) });

const projections: Projections = {
  'card.added': projection(CardAdded, (db, card, event) =>
    db.prepare('INSERT INTO cards (id, front, box, event_id) VALUES (?, ?, ?, ?)').run(card.cardId, card.front, card.box, event.id),
  ),
};

const openCards = (): Db => openStore(':memory:', ['CREATE TABLE cards (id TEXT PRIMARY KEY, front TEXT NOT NULL, box INTEGER NOT NULL, event_id TEXT NOT NULL)']);
const cards = (db: Db) => db.prepare('SELECT * FROM cards').all();
const ledger = (db: Db) => db.prepare('SELECT event_id FROM applied_events').pluck().all();
const event = (type: string, payload: unknown): EventEnvelope => envelope({ type, subject: 'c1', payload }, 'cards-service');

describe('projections declared per event type', () => {
  it('applies an event through its type’s projection with the payload its schema parsed', () => {
    const db = openCards();
    const added = event('card.added', { cardId: 'c1', front: 'hola', box: 1, unknownField: 'dropped' });
    projectEvent(projections, db, added);
    expect(cards(db)).toEqual([{ id: 'c1', front: 'hola', box: 1, event_id: added.id }]);
  });

  it('skips an event type it has no projection for, and still records its id once', () => {
    const db = openCards();
    const reviewed = event('card.reviewed', { anything: true });
    expect(applyEvent(projections, db, reviewed)).toBe(true);
    expect(applyEvent(projections, db, reviewed)).toBe(false);
    expect(cards(db)).toEqual([]);
    expect(ledger(db)).toEqual([reviewed.id]);
  });

  it('does not take an inherited key for a projection: an event type named "constructor" is skipped', () => {
    const db = openCards();
    expect(() => applyEvent(projections, db, event('constructor', {}))).not.toThrow();
    expect(cards(db)).toEqual([]);
  });

  it('refuses a payload that does not match its schema with a non-retriable InvalidEventError, and records nothing', () => {
    const db = openCards();
    const bad = event('card.added', { cardId: 'c1', front: '', box: 'one' });
    let thrown: unknown;
    try {
      applyEvent(projections, db, bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidEventError);
    expect(isRetriable(thrown)).toBe(false);
    // Every problem, named by field.
    expect((thrown as InvalidEventError).problem).toMatch(/^card\.added front: .+; box: .+$/);
    // Not in the ledger: the same event, once fixed upstream and redelivered, would still apply.
    expect(ledger(db)).toEqual([]);
    expect(cards(db)).toEqual([]);
  });

  it('checks a new event against its projection before it is published, and lets unprojected types through', () => {
    expect(() => checkEvent(projections, { type: 'card.added', payload: { cardId: 'c1' } })).toThrow(InvalidEventError);
    expect(() => checkEvent(projections, { type: 'card.added', payload: { cardId: 'c1', front: 'hola', box: 2 } })).not.toThrow();
    expect(() => checkEvent(projections, { type: 'card.reviewed', payload: 42 })).not.toThrow();
  });

  it('lists the payload schema of each projected type', () => {
    expect(projectedEventSchemas(projections)).toEqual({ 'card.added': CardAdded });
  });
});
