import { SEED_LESSONS } from '@puchi/subgraph-lesson';
import type { MediaAttached } from './events';

/** The vocabulary domain's convention: every seed lesson teaches five words, `<lessonId>-w01` … `-w05`. */
export const WORDS_PER_LESSON = 5;
export const seedWordIds = (lessonId: string) => Array.from({ length: WORDS_PER_LESSON }, (_, i) => `${lessonId}-w${String(i + 1).padStart(2, '0')}`);

const CDN = 'https://cdn.puchi.example';

/** A small stable hash, so durations look varied but are the same on every run (and every replay). */
function stableHash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
/** Dialogues last 45 to 120 s, pronunciations 0.8 to 2.4 s, in whole tenths (divided last: no 2.4000000000000004). */
export const dialogueSeconds = (lessonId: string) => (450 + (stableHash(lessonId) % 751)) / 10;
export const pronunciationSeconds = (wordId: string) => (8 + (stableHash(wordId) % 17)) / 10;

function lessonMedia(lesson: (typeof SEED_LESSONS)[number]): MediaAttached[] {
  const owner = { ownerType: 'lesson', ownerId: lesson.id } as const;
  return [
    {
      assetId: `media-${lesson.id}-cover`,
      ...owner,
      kind: 'IMAGE',
      url: `${CDN}/lessons/${lesson.id}/cover.webp`,
      mimeType: 'image/webp',
      altText: `Cover illustration for the lesson "${lesson.title}"`,
      durationSeconds: null,
      width: 1280,
      height: 720,
      position: 0,
    },
    {
      assetId: `media-${lesson.id}-dialogue`,
      ...owner,
      kind: 'AUDIO',
      url: `${CDN}/lessons/${lesson.id}/dialogue.mp3`,
      mimeType: 'audio/mpeg',
      altText: `Dialogue for the lesson "${lesson.title}": ${lesson.summary}`,
      durationSeconds: dialogueSeconds(lesson.id),
      width: null,
      height: null,
      position: 1,
    },
  ];
}

function wordMedia(lesson: (typeof SEED_LESSONS)[number]): MediaAttached[] {
  return seedWordIds(lesson.id).map((wordId, i) => ({
    assetId: `media-${wordId}-audio`,
    ownerType: 'word',
    ownerId: wordId,
    kind: 'AUDIO',
    url: `${CDN}/words/${wordId}/pronunciation.mp3`,
    mimeType: 'audio/mpeg',
    altText: `Pronunciation of word ${i + 1} of the lesson "${lesson.title}"`,
    durationSeconds: pronunciationSeconds(wordId),
    width: null,
    height: null,
    position: 0,
  }));
}

/**
 * `seed:media:<assetId>:<content hash>`: fixed for fixed content (a second run or instance adds nothing), new
 * when the content changes (a lesson retitled upstream changes its alt text). A fresh store then seeds the new
 * version, which lands after the old one in the asset's partition, so a replay ends on the same content.
 */
export const seedEventId = (asset: MediaAttached) => `seed:media:${asset.assetId}:${stableHash(JSON.stringify(asset)).toString(16).padStart(8, '0')}`;

/** Per seed lesson: a cover image and a dialogue recording; per seed word: a pronunciation (30 × 7 = 210). */
export const SEED_MEDIA: MediaAttached[] = SEED_LESSONS.flatMap((lesson) => [...lessonMedia(lesson), ...wordMedia(lesson)]);
