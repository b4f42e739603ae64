import { randomUUID } from 'node:crypto';
import { eventTopic, RemoteError, type Identity } from '@puchi/kafka';
import { replayDomain, startTestDomain, tempDbPath, type TestDomain } from '@puchi/subgraph-kit';
import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import { getLessonVocabulary, getWordById, getWordsDue, reviewWord } from './contracts';
import { createVocabularyService } from './service';

const DAY = 24 * 60 * 60 * 1000;
// The service's clock: tests move it forward to make reviewed words come due.
let clock = Date.parse('2026-03-01T08:00:00.000Z');
const vocabularyService = createVocabularyService({ now: () => new Date(clock) });

let vocabulary: TestDomain;
beforeAll(async () => {
  vocabulary = await startTestDomain(vocabularyService);
});
afterAll(() => vocabulary.close());

const learner = (): Identity => ({ userId: `learner-${randomUUID().slice(0, 8)}`, roles: ['learner'] });
const as = (identity?: Identity) => vocabulary.as(identity);
const review = (identity: Identity, wordId: string, correct: boolean) => vocabulary.client.request(reviewWord.route, { wordId, correct }, as(identity));
const due = async (identity: Identity, first = 100) => (await vocabulary.client.request(getWordsDue.route, { first }, as(identity))).words.map((w) => w.id);
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as RemoteError);

const highWatermark = async () => {
  const admin = await vocabulary.bus.admin();
  const ends = await admin.boundaryOffsets(eventTopic('vocabulary'), 'high');
  await admin.disconnect();
  return ends.reduce((sum, p) => sum + Number(p.offset), 0);
};

describe('vocabulary service', () => {
  it('seeds five words per lesson, answered per lesson in position order (empty for an unknown lesson)', async () => {
    const { values } = await vocabulary.client.request(getLessonVocabulary.route, { keys: ['es-a1-01', 'zz-a1-99', 'de-a2-06'] });
    expect(values[0]?.map((w) => w.id)).toEqual(['es-a1-01-w01', 'es-a1-01-w02', 'es-a1-01-w03', 'es-a1-01-w04', 'es-a1-01-w05']);
    expect(values[0]?.[0]).toEqual({
      id: 'es-a1-01-w01', lessonId: 'es-a1-01', term: 'hola', translation: 'hello', partOfSpeech: 'interjection',
      exampleSentence: '¡Hola! ¿Qué tal?', exampleTranslation: 'Hello! How are things?',
    });
    expect(values[1]).toEqual([]);
    expect(values[2]?.map((w) => w.term)).toEqual(['die Meinung', 'finden', 'zustimmen', 'weil', 'der Grund']);
    const all = await vocabulary.client.request(getLessonVocabulary.route, { keys: SEED_LESSONS.map((l) => l.id) });
    expect(all.values.flatMap((words) => words ?? [])).toHaveLength(150);
  });

  it('answers words by id in key order, null for an unknown word, null examples where the lesson gives none', async () => {
    const { values } = await vocabulary.client.request(getWordById.route, { keys: ['fr-a1-04-w01', 'fr-a1-04-w09', 'ja-a1-01-w02'] });
    expect(values.map((w) => w?.term ?? null)).toEqual(['la baguette', null, 'ie (いえ)']);
    expect(values[2]).toMatchObject({ lessonId: 'ja-a1-01', exampleSentence: null, exampleTranslation: null });
  });

  it.each([
    ['getWordById', { keys: ['Not A Word'] }, getWordById.route, /^keys\.0: must be a word id/],
    ['getWordsDue', { first: 0 }, getWordsDue.route, /^first: must be between 1 and 100/],
    ['getWordsDue', { first: 101 }, getWordsDue.route, /^first: must be between 1 and 100/],
    ['reviewWord', { wordId: 'hola', correct: true }, reviewWord.route, /^wordId: must be a word id/],
    ['reviewWord', { wordId: 'es-a1-01-w01' }, reviewWord.route, /^correct: /],
  ])('%s refuses %j with BAD_USER_INPUT naming the field', async (_name, payload, route, message) => {
    const error = await failure(vocabulary.client.request(route as typeof reviewWord.route, payload as never, as(learner())));
    expect(error).toBeInstanceOf(RemoteError);
    expect(error?.code).toBe('BAD_USER_INPUT');
    expect(error?.remoteMessage).toMatch(message);
  });

  it('refuses a review of an unknown word and writes nothing', async () => {
    const before = await highWatermark();
    const error = await failure(review(learner(), 'xx-a1-01-w01', true));
    expect(error?.code).toBe('BAD_USER_INPUT');
    expect(error?.remoteMessage).toBe('wordId: no word "xx-a1-01-w01"');
    expect(await highWatermark()).toBe(before);
  });

  it('needs a signed-in caller to review or list due words', async () => {
    expect((await failure(vocabulary.client.request(reviewWord.route, { wordId: 'es-a1-01-w01', correct: true })))?.code).toBe('UNAUTHENTICATED');
    expect((await failure(vocabulary.client.request(getWordsDue.route, { first: 5 })))?.code).toBe('UNAUTHENTICATED');
  });

  it('moves a word through the Leitner boxes per learner: up one when correct, back to 1 when wrong', async () => {
    const ana = learner();
    const ben = learner();
    const at = (days: number) => new Date(clock + days * DAY).toISOString();
    expect(await review(ana, 'es-a1-02-w01', true)).toEqual({ wordId: 'es-a1-02-w01', correct: true, box: 2, nextReviewAt: at(2) });
    expect(await review(ana, 'es-a1-02-w01', true)).toMatchObject({ box: 3, nextReviewAt: at(4) });
    expect(await review(ana, 'es-a1-02-w01', true)).toMatchObject({ box: 4, nextReviewAt: at(8) });
    expect(await review(ana, 'es-a1-02-w01', true)).toMatchObject({ box: 5, nextReviewAt: at(16) });
    expect(await review(ana, 'es-a1-02-w01', true)).toMatchObject({ box: 5, nextReviewAt: at(16) });
    // Ben's boxes are his own.
    expect(await review(ben, 'es-a1-02-w01', false)).toMatchObject({ box: 1, nextReviewAt: at(1) });
    expect(await review(ana, 'es-a1-02-w01', false)).toEqual({ wordId: 'es-a1-02-w01', correct: false, box: 1, nextReviewAt: at(1) });
  });

  it('lists the caller’s due words, most overdue first; never-reviewed words are not due', async () => {
    const chen = learner();
    const dara = learner();
    await review(chen, 'fr-a1-01-w01', true); // box 2: due in 2 days
    clock += 60_000;
    await review(chen, 'fr-a1-01-w02', false); // box 1: due in 1 day
    clock += 60_000;
    await review(chen, 'fr-a1-01-w03', true);
    await review(chen, 'fr-a1-01-w03', false); // back to box 1, due a minute after w02
    await review(dara, 'ja-a1-02-w01', false);
    expect(await due(chen)).toEqual([]);

    clock += DAY;
    expect(await due(chen)).toEqual(['fr-a1-01-w02', 'fr-a1-01-w03']);
    expect(await due(chen, 1)).toEqual(['fr-a1-01-w02']);
    expect(await due(dara)).toEqual(['ja-a1-02-w01']);

    clock += DAY; // w01 (box 2) is due now too, but the box-1 words have waited longer
    expect(await due(chen)).toEqual(['fr-a1-01-w02', 'fr-a1-01-w03', 'fr-a1-01-w01']);
    // Reviewing a due word schedules it again: it leaves the due list.
    await review(chen, 'fr-a1-01-w02', true);
    expect(await due(chen)).toEqual(['fr-a1-01-w03', 'fr-a1-01-w01']);
    expect(await due(learner())).toEqual([]);
  });

  it('seeds once: a restart on the same store publishes nothing new and keeps the data', async () => {
    const before = await highWatermark();
    await vocabulary.restart();
    expect(await highWatermark()).toBe(before);
    const { values } = await vocabulary.client.request(getWordById.route, { keys: ['de-a2-03-w02'] });
    expect(values[0]?.term).toBe('das Fieber');
  });

  it('rebuilds an identical store by replaying vocabulary-events', async () => {
    const eli = learner();
    await review(eli, 'es-a1-03-w01', false);
    await review(eli, 'es-a1-03-w02', true);
    clock += 3 * DAY;
    const lessons = { keys: SEED_LESSONS.map((l) => l.id) };
    const original = { words: await vocabulary.client.request(getLessonVocabulary.route, lessons), due: await due(eli) };
    expect(original.due).toEqual(['es-a1-03-w01', 'es-a1-03-w02']);

    const rebuilt = tempDbPath('vocabulary-replay');
    const result = await replayDomain(vocabularyService, vocabulary.bus, rebuilt);
    expect(result.events).toBeGreaterThanOrEqual(150);
    await vocabulary.service.close();
    const replayed = await startTestDomain(vocabularyService, rebuilt);
    try {
      expect(await replayed.client.request(getLessonVocabulary.route, lessons)).toEqual(original.words);
      expect((await replayed.client.request(getWordsDue.route, { first: 100 }, as(eli))).words.map((w) => w.id)).toEqual(original.due);
    } finally {
      await replayed.close();
      await vocabulary.restart();
    }
  });
});
