import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import { MediaAttached } from './events';
import { dialogueSeconds, pronunciationSeconds, SEED_MEDIA, seedEventId, seedWordIds } from './seed';

describe('seed media', () => {
  it('gives each lesson a cover and a dialogue and each of its five words a pronunciation', () => {
    expect(SEED_MEDIA).toHaveLength(SEED_LESSONS.length * 7);
    expect(new Set(SEED_MEDIA.map((a) => a.assetId)).size).toBe(SEED_MEDIA.length);
    for (const asset of SEED_MEDIA) expect(MediaAttached.safeParse(asset).success).toBe(true);
  });

  it('describes a lesson cover from its title', () => {
    const cover = SEED_MEDIA.find((a) => a.assetId === 'media-es-a1-04-cover');
    expect(cover).toMatchObject({
      kind: 'IMAGE',
      ownerType: 'lesson',
      ownerId: 'es-a1-04',
      url: 'https://cdn.puchi.example/lessons/es-a1-04/cover.webp',
      mimeType: 'image/webp',
      width: 1280,
      height: 720,
      durationSeconds: null,
    });
    expect(cover?.altText).toContain('At the Café');
  });

  it('numbers word ids w01 to w05 per lesson', () => {
    expect(seedWordIds('ja-a1-02')).toEqual(['ja-a1-02-w01', 'ja-a1-02-w02', 'ja-a1-02-w03', 'ja-a1-02-w04', 'ja-a1-02-w05']);
    expect(SEED_MEDIA.filter((a) => a.ownerType === 'word').map((a) => a.assetId)).toContain('media-de-a2-06-w05-audio');
  });

  it('keeps audio durations in range and stable', () => {
    for (const lesson of SEED_LESSONS) {
      expect(dialogueSeconds(lesson.id)).toBeGreaterThanOrEqual(45);
      expect(dialogueSeconds(lesson.id)).toBeLessThanOrEqual(120);
      for (const word of seedWordIds(lesson.id)) expect(pronunciationSeconds(word)).toBeLessThanOrEqual(2.4);
    }
    expect(new Set(SEED_LESSONS.map((l) => dialogueSeconds(l.id))).size).toBeGreaterThan(10);
    expect(dialogueSeconds('es-a1-01')).toBe(dialogueSeconds('es-a1-01'));
  });
});

describe('seedEventId', () => {
  it('is stable for the same content and changes with it', () => {
    const asset = SEED_MEDIA[0]!;
    expect(seedEventId(asset)).toMatch(new RegExp(`^seed:media:${asset.assetId}:[0-9a-f]{8}$`));
    expect(seedEventId({ ...asset })).toBe(seedEventId(asset));
    expect(seedEventId({ ...asset, altText: 'Retitled' })).not.toBe(seedEventId(asset));
  });
});
