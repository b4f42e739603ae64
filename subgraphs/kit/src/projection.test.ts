import { envelope, silentLogger } from '@puchi/kafka';
import { inMemoryBus } from '@puchi/kafka/testing';
import { z } from 'zod';
import { ProjectionHaltedError, ProjectionLagError } from './errors';
import { startProjection, type ProjectionHalt, type RunningProjection } from './projection';
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
  const deliver = async (type: string, payload: unknown, id?: string) => {
    const value = Buffer.from(JSON.stringify(envelope({ id, type, subject: 'c1', payload }, 'cards-service')));
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
  let projection: RunningProjection;
  let halts: ProjectionHalt[];

  beforeEach(async () => {
    parses = 0;
    db = openStore(':memory:', cardsService.migrations);
    bus = cardsBus();
    halts = [];
    projection = await startProjection(cardsService, bus.bus, db, silentLogger, { onHalt: (h) => halts.push(h) });
  });

  afterEach(async () => {
    await projection.close();
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

  it('stops at a payload that does not match its schema, after one attempt: nothing after it is applied or dead-lettered', async () => {
    await bus.deliver('card.added', { cardId: 'c1', front: '' });
    expect(parses).toBe(1);
    expect(halts).toEqual([expect.objectContaining({ topic: 'cards-events', partition: 0, offset: '0', type: 'card.added', reason: 'undecodable' })]);
    expect(String(halts[0]!.error)).toMatch(/card\.added front: /);
    expect(projection.halt).toBe(halts[0]);
    expect(bus.produced).toEqual([]);
    expect(nextOffset(db)).toBeUndefined();

    await bus.deliver('card.added', { cardId: 'c2', front: 'adiós' });
    expect(cards(db)).toEqual([]);
    await expect(projection.applied('any', Date.now() + 1000)).rejects.toBeInstanceOf(ProjectionHaltedError);
  });

  it('tells an emitter when its event went through, and a restorer when offsets are reached', async () => {
    const waiting = projection.applied('e-2', Date.now() + 5000);
    const reaching = projection.reached([{ partition: 0, offset: '2' }], Date.now() + 5000);
    let done = 0;
    void waiting.then(() => done++);
    void reaching.then(() => done++);
    await bus.deliver('card.added', { cardId: 'c1', front: 'uno' }, 'e-1');
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(0);
    await bus.deliver('card.added', { cardId: 'c2', front: 'dos' }, 'e-2');
    await Promise.all([waiting, reaching]);
    // Applied before: answered from the ledger at once.
    await expect(projection.applied('e-1', Date.now())).resolves.toBeUndefined();
    expect(projection.position().get(0)).toBe(2n);
  });

  it('gives up waiting at the deadline with a retriable error', async () => {
    const error = await projection.applied('never', Date.now() + 20).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectionLagError);
    expect(error).toMatchObject({ retriable: true, code: 'SERVICE_UNAVAILABLE' });
  });
});
