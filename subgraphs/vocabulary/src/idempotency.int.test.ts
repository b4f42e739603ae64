import { randomUUID } from 'node:crypto';
import { eventTopic, RemoteError, type Identity } from '@puchi/kafka';
import { startTestDomain, type TestDomain } from '@puchi/subgraph-kit';
import { reviewWord } from './contracts';
import { createVocabularyService } from './service';

/**
 * A review moves a word's box on from where it is, so a review done twice is visible: what the issue found for a
 * client retrying after SERVICE_TIMEOUT. Under an idempotency key it is done once, whoever repeats it and wherever.
 */
const vocabularyService = createVocabularyService({ now: () => new Date('2026-03-01T08:00:00.000Z') });
let vocabulary: TestDomain;
beforeAll(async () => {
  vocabulary = await startTestDomain(vocabularyService);
});
afterAll(() => vocabulary.close());

const learner = (): Identity => ({ userId: `learner-${randomUUID().slice(0, 8)}`, roles: ['learner'] });
const review = (identity: Identity, wordId: string, correct: boolean, idempotencyKey?: string) => {
  const { deadline, context } = vocabulary.as(identity);
  return vocabulary.client.request(reviewWord.route, { wordId, correct }, { deadline, key: identity.userId, context: { ...context, idempotencyKey } });
};
const eventsOnTopic = async () => {
  const admin = await vocabulary.bus.admin();
  const ends = await admin.boundaryOffsets(eventTopic('vocabulary'), 'high');
  await admin.disconnect();
  return ends.reduce((sum, p) => sum + Number(p.offset), 0);
};
const boxOf = (identity: Identity, wordId: string) =>
  vocabulary.service.runtime.db.prepare('SELECT box FROM reviews WHERE user_id = ? AND word_id = ?').pluck().get(identity.userId, wordId) as number | undefined;

describe('idempotent writes', () => {
  it('does a write once per key: a repeat answers the first result and publishes nothing', async () => {
    const ana = learner();
    const key = randomUUID();
    const before = await eventsOnTopic();
    const first = await review(ana, 'es-a1-01-w01', true, key);
    expect(first.box).toBe(2);
    // Its event, and the record of its reply (for the other instances).
    expect(await eventsOnTopic()).toBe(before + 2);
    const again = await review(ana, 'es-a1-01-w01', true, key);
    expect(again).toEqual(first);
    expect(await eventsOnTopic()).toBe(before + 2);
    expect(boxOf(ana, 'es-a1-01-w01')).toBe(2);
    // Without a key, a repeat is a second review.
    await review(ana, 'es-a1-01-w01', true);
    expect(boxOf(ana, 'es-a1-01-w01')).toBe(3);
    expect(await eventsOnTopic()).toBe(before + 3);
  });

  it('refuses the same key with another payload as IDEMPOTENCY_KEY_REUSED, doing nothing', async () => {
    const ben = learner();
    const key = randomUUID();
    await review(ben, 'es-a1-01-w02', true, key);
    const error = await review(ben, 'es-a1-01-w02', false, key).then(() => undefined, (e: unknown) => e as RemoteError);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', retriable: false });
    expect(boxOf(ben, 'es-a1-01-w02')).toBe(2);
    // Keys are the caller's: another learner's same key is theirs.
    const cara = learner();
    await expect(review(cara, 'es-a1-01-w02', true, key)).resolves.toMatchObject({ box: 2 });
  });

  it('keeps a key across instances: a store rebuilt from the topic knows it, and a repeat there changes nothing', async () => {
    const dev = learner();
    const key = randomUUID();
    const first = await review(dev, 'es-a1-01-w03', true, key);
    const before = await eventsOnTopic();
    // A new instance on a new store (the owner died before it could answer): it learns the key from the event.
    await vocabulary.restart({ freshStore: true });
    expect(vocabulary.service.runtime.db.prepare('SELECT reply FROM idempotency_keys WHERE caller = ? AND key = ?').get(dev.userId, key)).toEqual({ reply: JSON.stringify(first) });
    const repeat = await review(dev, 'es-a1-01-w03', true, key);
    expect(repeat).toEqual(first);
    expect(boxOf(dev, 'es-a1-01-w03')).toBe(2);
    expect(await eventsOnTopic()).toBe(before);
    const reused = await review(dev, 'es-a1-01-w03', false, key).then(() => undefined, (e: unknown) => e as RemoteError);
    expect(reused).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('answers a repeat whose first reply was lost with the box the first run set, not one moved on again', async () => {
    const eve = learner();
    const key = randomUUID();
    const first = await review(eve, 'es-a1-01-w04', true, key);
    expect(first.box).toBe(2);
    // Its reply record applied here too (or it would set the reply again after the line below).
    const admin = await vocabulary.bus.admin();
    const ends = await admin.boundaryOffsets(eventTopic('vocabulary'), 'high');
    await admin.disconnect();
    await vocabulary.service.projection.reached(ends, Date.now() + 10_000);
    // The owner died between its event and its reply record: this store knows the key, not the reply.
    vocabulary.service.runtime.db.prepare('UPDATE idempotency_keys SET reply = NULL WHERE caller = ? AND key = ?').run(eve.userId, key);
    const before = await eventsOnTopic();
    // The handler runs again on a store that holds its own review (box 2): it must answer 2, as the first run did.
    const repeat = await review(eve, 'es-a1-01-w04', true, key);
    expect(repeat).toEqual(first);
    expect(boxOf(eve, 'es-a1-01-w04')).toBe(2);
    // No second review on the topic: only the reply record again.
    expect(await eventsOnTopic()).toBe(before + 1);
  });
});
