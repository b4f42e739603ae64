import { eventTopic, RemoteError, type RpcClient } from '@puchi/kafka';
import { replayDomain, startTestDomain, tempDbPath, type TestDomain } from '@puchi/subgraph-kit';
import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import { getLessonMedia, getMediaById, getWordMedia } from './contracts';
import { SEED_MEDIA, seedWordIds } from './seed';
import { mediaService } from './service';

let media: TestDomain;
beforeAll(async () => {
  media = await startTestDomain(mediaService);
});
afterAll(() => media.close());

const highWatermark = async () => {
  const admin = await media.bus.admin();
  const ends = await admin.boundaryOffsets(eventTopic('media'), 'high');
  await admin.disconnect();
  return ends.reduce((sum, p) => sum + Number(p.offset), 0);
};
const lessonIds = SEED_LESSONS.map((l) => l.id);
/** Every answer the seed data gives, to compare two stores. */
const everything = async (client: RpcClient = media.client) => ({
  lessons: await client.request(getLessonMedia.route, { keys: lessonIds }),
  words: await client.request(getWordMedia.route, { keys: lessonIds.flatMap(seedWordIds) }),
  assets: await client.request(getMediaById.route, { keys: SEED_MEDIA.map((a) => a.assetId) }),
});

describe('media service', () => {
  it('seeds every asset: each lesson has its cover then its dialogue', async () => {
    const { values } = await media.client.request(getLessonMedia.route, { keys: ['fr-a1-04', 'no-such-lesson'] });
    expect(values[0]?.map((a) => [a.id, a.kind, a.mimeType])).toEqual([
      ['media-fr-a1-04-cover', 'IMAGE', 'image/webp'],
      ['media-fr-a1-04-dialogue', 'AUDIO', 'audio/mpeg'],
    ]);
    expect(values[0]?.[0]?.altText).toContain('At the Bakery');
    expect(values[1]).toEqual([]);
    const all = await everything();
    expect(all.assets.values.filter((v) => v !== null)).toHaveLength(SEED_MEDIA.length);
    expect(all.lessons.values.every((list) => list?.length === 2)).toBe(true);
  });

  it('answers word media and assets by id in key order, null for an unknown asset', async () => {
    const words = await media.client.request(getWordMedia.route, { keys: ['ja-a1-01-w03', 'ja-a1-01-w99'] });
    expect(words.values[0]).toEqual([
      expect.objectContaining({ id: 'media-ja-a1-01-w03-audio', kind: 'AUDIO', ownerType: 'word', ownerId: 'ja-a1-01-w03', width: null, height: null }),
    ]);
    expect(words.values[1]).toEqual([]);
    const { values } = await media.client.request(getMediaById.route, { keys: ['media-de-a2-01-dialogue', 'media-nope', 'media-es-a1-01-cover'] });
    expect(values.map((v) => v?.id ?? null)).toEqual(['media-de-a2-01-dialogue', null, 'media-es-a1-01-cover']);
    expect(values[0]?.durationSeconds).toBeGreaterThanOrEqual(45);
    expect(values[2]).toMatchObject({ width: 1280, height: 720, durationSeconds: null, url: 'https://cdn.puchi.example/lessons/es-a1-01/cover.webp' });
  });

  it.each([
    [getMediaById, 'Media Cover!', /^keys\.0: must be a media id/],
    [getLessonMedia, 'ES-A1-01', /^keys\.0: must be a lesson id/],
    [getWordMedia, '', /^keys\.0: must be a word id/],
  ])('refuses a malformed id with BAD_USER_INPUT naming the field (%#)', async (call, key, message) => {
    const error = await media.client.request(call.route as typeof getMediaById.route, { keys: [key] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).code).toBe('BAD_USER_INPUT');
    expect((error as RemoteError).remoteMessage).toMatch(message);
  });

  it('seeds once: a restart on the same store publishes nothing new and keeps the data', async () => {
    const before = await highWatermark();
    await media.restart();
    expect(await highWatermark()).toBe(before);
    const { values } = await media.client.request(getMediaById.route, { keys: ['media-ja-a1-08-w05-audio'] });
    expect(values[0]?.ownerId).toBe('ja-a1-08-w05');
  });

  it('rebuilds an identical store by replaying media-events', async () => {
    const original = await everything();
    const rebuilt = tempDbPath('media-replay');
    const result = await replayDomain(mediaService, media.bus, rebuilt);
    expect(result.events).toBeGreaterThanOrEqual(SEED_MEDIA.length);
    // The replayed service joins the same group: stop ours so only the rebuilt store answers.
    await media.service.close();
    const before = await highWatermark();
    const replayed = await startTestDomain(mediaService, rebuilt);
    try {
      expect(await everything(replayed.client)).toEqual(original);
      expect(await highWatermark()).toBe(before); // the rebuilt store lacks nothing, so it seeds nothing
    } finally {
      await replayed.close();
      await media.restart();
    }
  });
});
