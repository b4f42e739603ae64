import { DLT_HEADERS, envelope, silentLogger } from '@puchi/kafka';
import { inMemoryBus } from '@puchi/kafka/testing';
import { z } from 'zod';
import { startProjection } from './projection';
import { projection } from './projections';
import type { DomainServiceDefinition } from './definition';
import { openStore, type Db } from './store';

/**
 * A bus whose `cards-events` is empty at start (nothing to catch up on) and then delivers the records it is
 * given to the projection's subscription, one batch each; it keeps what the subscription produces (dead letters).
 */
function cardsBus() {
  const memory = inMemoryBus({
    assignment: { 'cards-events': [0] },
    admin: { boundaryOffsets: async () => [{ partition: 0, offset: '0' }], deleteGroups: async () => undefined },
  });
  let offset = 0;
  const deliver = async (type: string, payload: unknown) => {
    const value = Buffer.from(JSON.stringify(envelope({ type, subject: 'c1', payload }, 'cards-service')));
    await memory.deliver({ topic: 'cards-events', partition: 0, offset: String(offset++), key: 'c1', value, headers: {}, timestamp: Date.now() });
  };
  return { bus: memory.bus, produced: memory.produced, deliver };
}

let parses = 0;
const CardAdded = z.preprocess((value) => (parses++, value), z.object({ cardId: z.string(), front: z.string().min(1) }));

const cardsService: DomainServiceDefinition = {
  domain: 'cards',
  migrations: ['CREATE TABLE cards (id TEXT PRIMARY KEY, front TEXT NOT NULL)'],
  projections: {
    'card.added': projection(CardAdded, (db, card) => db.prepare('INSERT INTO cards (id, front) VALUES (?, ?)').run(card.cardId, card.front)),
  },
  handlers: () => [],
};

const cards = (db: Db) => db.prepare('SELECT * FROM cards').all();
const nextOffset = (db: Db) => db.prepare('SELECT next_offset FROM projection_offsets WHERE partition = 0').pluck().get();

describe('the projection of a domain’s event topic', () => {
  let db: Db;
  let bus: ReturnType<typeof cardsBus>;
  let close: () => Promise<void>;

  beforeEach(async () => {
    parses = 0;
    db = openStore(':memory:', cardsService.migrations);
    bus = cardsBus();
    ({ close } = await startProjection(cardsService, bus.bus, db, silentLogger));
  });

  afterEach(async () => {
    await close();
    db.close();
  });

  it('applies a typed event read from the topic and records how far it read', async () => {
    await bus.deliver('card.added', { cardId: 'c1', front: 'hola' });
    expect(cards(db)).toEqual([{ id: 'c1', front: 'hola' }]);
    expect(nextOffset(db)).toBe('1');
    expect(bus.produced).toEqual([]);
  });

  it('skips an event type it has no projection for and reads on', async () => {
    await bus.deliver('card.reviewed', { cardId: 'c1', correct: true });
    await bus.deliver('card.added', { cardId: 'c2', front: 'adiós' });
    expect(cards(db)).toEqual([{ id: 'c2', front: 'adiós' }]);
    expect(nextOffset(db)).toBe('2');
    expect(bus.produced).toEqual([]);
  });

  it('dead-letters a payload that does not match its schema after one attempt, as undecodable, and steps past it', async () => {
    await bus.deliver('card.added', { cardId: 'c1', front: '' });
    expect(parses).toBe(1);
    expect(cards(db)).toEqual([]);
    expect(bus.produced).toHaveLength(1);
    expect(bus.produced[0]).toMatchObject({ topic: 'cards-events.DLT', key: 'c1' });
    expect(bus.produced[0]!.headers).toMatchObject({ [DLT_HEADERS.reason]: 'undecodable', [DLT_HEADERS.exceptionClass]: 'DecodeError' });
    expect(bus.produced[0]!.headers![DLT_HEADERS.exceptionMessage]).toMatch(/card\.added front: /);
    expect(nextOffset(db)).toBe('1');

    await bus.deliver('card.added', { cardId: 'c2', front: 'adiós' });
    expect(cards(db)).toEqual([{ id: 'c2', front: 'adiós' }]);
  });
});
