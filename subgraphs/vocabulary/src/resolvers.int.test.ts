import { randomUUID } from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { Identity } from '@puchi/kafka';
import { startTestDomain, toGraphQLError, type TestDomain } from '@puchi/subgraph-kit';
import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import { graphql } from 'graphql';
import { vocabularyDomain } from './index';
import { vocabularyService } from './service';

const schema = buildSubgraphSchema([{ typeDefs: vocabularyDomain.subgraph().typeDefs, resolvers: vocabularyDomain.subgraph().resolvers }]);

let vocabulary: TestDomain;
beforeAll(async () => {
  vocabulary = await startTestDomain(vocabularyService);
});
afterAll(() => vocabulary.close());

async function run(source: string, identity?: Identity, variableValues?: Record<string, unknown>) {
  const contextValue = vocabulary.context(identity);
  const result = await graphql({ schema, source, contextValue, variableValues });
  // Resolvers throw the kit's DomainErrors; the gateway turns them into coded errors as toGraphQLError does.
  const codes = result.errors?.map((e) => (e.originalError ? toGraphQLError(e.originalError, 'vocabulary') : e).extensions.code);
  return { ...result, codes, requestCounts: contextValue.requestCounts };
}

describe('vocabulary resolvers', () => {
  it('adds vocabulary to every lesson reference with one Kafka request', async () => {
    const representations = SEED_LESSONS.map((l) => ({ __typename: 'Lesson', id: l.id }));
    const result = await run('query($r: [_Any!]!) { _entities(representations: $r) { ... on Lesson { id vocabulary { id term lesson { id } } } } }', undefined, { r: representations });
    const lessons = (result.data as { _entities: { id: string; vocabulary: { id: string; term: string; lesson: { id: string } }[] }[] })._entities;
    expect(lessons).toHaveLength(30);
    expect(lessons[0]?.vocabulary.map((w) => w.term)).toEqual(['hola', 'adiós', 'buenos días', 'gracias', '¿cómo estás?']);
    expect(lessons.every((l) => l.vocabulary.length === 5 && l.vocabulary.every((w) => w.lesson.id === l.id))).toBe(true);
    expect(result.requestCounts.get('get-lesson-vocabulary')).toBe(1);
  });

  it('word(id): the word with its lesson, null when unknown, BAD_USER_INPUT for a malformed id', async () => {
    expect((await run('{ word(id: "fr-a1-08-w03") { term translation partOfSpeech exampleSentence lesson { id } } }')).data).toEqual({
      word: { term: 'le quai', translation: 'platform', partOfSpeech: 'noun', exampleSentence: 'Le train part du quai numéro trois.', lesson: { id: 'fr-a1-08' } },
    });
    expect((await run('{ word(id: "fr-a1-08-w09") { id } }')).data).toEqual({ word: null });
    const bad = await run('{ word(id: "Le Quai") { id } }');
    expect(bad.codes).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.message).toMatch(/^id: /);
  });

  it('resolves many Word references with one Kafka request', async () => {
    const ids = ['es-a1-04-w01', 'ja-a1-05-w03', 'de-a2-01-w02'];
    const result = await run('query($r: [_Any!]!) { _entities(representations: $r) { ... on Word { id term } } }', undefined, { r: ids.map((id) => ({ __typename: 'Word', id })) });
    expect((result.data as { _entities: { term: string }[] })._entities.map((w) => w.term)).toEqual(['el café', 'oishii (おいしい)', 'machen – hat gemacht']);
    expect(result.requestCounts.get('get-word-by-id')).toBe(1);
  });

  it('reviewWord and wordsDueForReview need a signed-in learner', async () => {
    expect((await run('mutation { reviewWord(wordId: "es-a1-01-w01", correct: true) { box } }')).codes).toEqual(['UNAUTHENTICATED']);
    expect((await run('{ wordsDueForReview { id } }')).codes).toEqual(['UNAUTHENTICATED']);
    expect((await run('{ wordsDueForReview(first: 0) { id } }', { userId: 'learner-x', roles: ['learner'] })).errors?.[0]?.message).toMatch(/^first: must be between 1 and 100/);
  });

  it('reviewWord returns the new box with the word', async () => {
    const ana: Identity = { userId: `learner-${randomUUID().slice(0, 8)}`, roles: ['learner'] };
    const result = await run('mutation { reviewWord(wordId: "es-a1-05-w01", correct: true) { correct box nextReviewAt word { id term lesson { id } } } }', ana);
    const review = (result.data as { reviewWord: { box: number; nextReviewAt: string; word: unknown } }).reviewWord;
    expect(review).toMatchObject({ correct: true, box: 2, word: { id: 'es-a1-05-w01', term: 'la madre', lesson: { id: 'es-a1-05' } } });
    expect(Date.parse(review.nextReviewAt) - Date.now()).toBeGreaterThan(2 * 24 * 3600_000 - 60_000);
    const unknown = await run('mutation { reviewWord(wordId: "es-a1-05-w09", correct: true) { box } }', ana);
    expect(unknown.codes).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors?.[0]?.message).toBe('wordId: no word "es-a1-05-w09"');
    expect((await run('{ wordsDueForReview { id } }', ana)).data).toEqual({ wordsDueForReview: [] });
  });
});
