import { buildSubgraphSchema } from '@apollo/subgraph';
import { startTestDomain, toGraphQLError, type TestDomain } from '@puchi/subgraph-kit';
import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import { graphql } from 'graphql';
import { mediaDomain } from './index';
import { mediaService } from './service';

const schema = buildSubgraphSchema([{ typeDefs: mediaDomain.subgraph().typeDefs, resolvers: mediaDomain.subgraph().resolvers }]);

let media: TestDomain;
beforeAll(async () => {
  media = await startTestDomain(mediaService);
});
afterAll(() => media.close());

async function run(source: string, variableValues?: Record<string, unknown>) {
  const contextValue = media.context();
  const result = await graphql({ schema, source, contextValue, variableValues });
  // Resolvers throw the kit's DomainErrors; the gateway turns them into coded errors as toGraphQLError does.
  const codes = result.errors?.map((e) => (e.originalError ? toGraphQLError(e.originalError, 'media') : e).extensions.code);
  return { ...result, codes, requestCounts: contextValue.requestCounts };
}
const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Lesson { id media { id kind } } ... on Word { id media { id durationSeconds } } ... on MediaAsset { id url } } }';

describe('media resolvers', () => {
  it('mediaAsset: the asset, null when unknown, BAD_USER_INPUT for a malformed id', async () => {
    expect((await run('{ mediaAsset(id: "media-es-a1-01-cover") { kind url width height durationSeconds altText } }')).data).toEqual({
      mediaAsset: { kind: 'IMAGE', url: 'https://cdn.puchi.example/lessons/es-a1-01/cover.webp', width: 1280, height: 720, durationSeconds: null, altText: 'Cover illustration for the lesson "Greetings"' },
    });
    expect((await run('{ mediaAsset(id: "media-nothing") { id } }')).data).toEqual({ mediaAsset: null });
    const bad = await run('{ mediaAsset(id: "../etc/passwd") { id } }');
    expect(bad.codes).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.message).toMatch(/^id: /);
  });

  it('resolves the media of every lesson with one Kafka request', async () => {
    const result = await run(entities, { r: SEED_LESSONS.map((l) => ({ __typename: 'Lesson', id: l.id })) });
    const lessons = (result.data as { _entities: { id: string; media: { kind: string }[] }[] })._entities;
    expect(lessons).toHaveLength(SEED_LESSONS.length);
    expect(lessons.every((l) => l.media.map((m) => m.kind).join() === 'IMAGE,AUDIO')).toBe(true);
    expect(result.requestCounts.get('get-lesson-media')).toBe(1);
  });

  it('resolves word media and asset references; a malformed reference has no media instead of failing the batch', async () => {
    const result = await run(entities, {
      r: [
        { __typename: 'Word', id: 'fr-a1-03-w02' },
        { __typename: 'Word', id: 'Bad Id' },
        { __typename: 'Word', id: 'fr-a1-03-w09' },
        { __typename: 'MediaAsset', id: 'media-fr-a1-03-dialogue' },
      ],
    });
    expect(result.errors).toBeUndefined();
    const [word, bad, unknown, asset] = (result.data as { _entities: Record<string, unknown>[] })._entities;
    expect(word).toEqual({ id: 'fr-a1-03-w02', media: [{ id: 'media-fr-a1-03-w02-audio', durationSeconds: expect.any(Number) }] });
    expect(bad).toEqual({ id: 'Bad Id', media: [] });
    expect(unknown).toEqual({ id: 'fr-a1-03-w09', media: [] });
    expect(asset).toEqual({ id: 'media-fr-a1-03-dialogue', url: 'https://cdn.puchi.example/lessons/fr-a1-03/dialogue.mp3' });
    expect(result.requestCounts.get('get-word-media')).toBe(1);
  });
});
